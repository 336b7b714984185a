package netshell.command;

import java.util.ArrayList;
import java.util.List;

import netshell.node.DryRunNode;
import netshell.node.Fleet;
import netshell.node.Node;
import netshell.node.Transport;
import netshell.node.VagrantShape;

/**
 * What the shell is connected to: the nodes, what kind of target it is, and (for the embedded lab)
 * the lab itself so that lab commands can grow or remove it.
 */
public record Target(String kind, Fleet fleet, LabHandle lab, String notice) {
    public String label() { return kind + ":" + fleet.nodes().size(); }

    public boolean isLab() { return lab != null; }

    public boolean isDryRun() { return kind.equals(Transport.DRY_RUN.label()); }

    /** The nodes of an inventory, reached over SSH. */
    public static Target inventory(Fleet fleet) {
        return new Target(Transport.SSH.label(), fleet, null, null);
    }

    public static Target lab(LabHandle lab, String notice) {
        return new Target(Transport.LAB.label(), new Fleet(lab.nodes()), lab, notice);
    }

    /** Dry-run nodes shaped like the Vagrant VMs of the walkthrough: node1 192.168.56.10 on eth1, … */
    public static Target dryRun(int nodes) {
        List<Node> list = new ArrayList<>();
        for (int i = 1; i <= nodes; i++)
            list.add(new DryRunNode("node" + i, VagrantShape.address(i), VagrantShape.UNDERLAY));
        return new Target(Transport.DRY_RUN.label(), new Fleet(list), null, null);
    }

    public static Target dryRun(int nodes, String notice) {
        Target t = dryRun(nodes);
        return new Target(t.kind, t.fleet, null, notice);
    }
}
