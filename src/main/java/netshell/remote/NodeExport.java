package netshell.remote;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import netshell.command.Context;
import netshell.command.Displayable;
import netshell.command.Target;
import netshell.core.BadInput;
import netshell.node.Inventory;
import netshell.node.InventoryExport;
import netshell.node.Node;
import netshell.node.NodeSpec;

/**
 * {@code nodes --export ansible|ssh-config|clush}: the target's SSH nodes (an inventory, or a lab with --ssh)
 * written so that ansible, ssh and clush reach the same nodes by the same names and groups.
 */
final class NodeExport {
    private NodeExport() {}

    /** The file's text (what is printed and redirected); --json gives the format and the text. */
    record Exported(String format, String file) implements Displayable {
        @Override
        public String text() { return file; }

        @Override
        public Object data() { return Map.of("format", format, "text", file); }
    }

    static Exported export(String format, String selector, Context ctx) {
        Target target = ctx.session().target();
        Inventory inventory;
        String what;
        if (target.isLab()) {
            Path config = target.lab().sshInventory().orElseThrow(() -> new BadInput("--export: lab '"
                    + target.lab().name() + "' has no SSH to export ('lab up --ssh' gives each node an sshd)"));
            inventory = Inventory.load(config);
            what = "the nodes of lab " + target.lab().name();
        } else {
            List<NodeSpec> specs = new ArrayList<>();
            for (Node n : target.fleet().nodes()) {
                specs.add(n.sshSpec().orElseThrow(() -> new BadInput("--export: the target (" + target.label()
                        + ") has no SSH nodes; load an inventory (-i FILE) or use 'lab up --ssh'")));
            }
            inventory = new Inventory(specs, target.fleet().groups());
            what = "the nodes of the inventory";
        }
        if (selector != null) inventory = only(inventory, ctx.select(selector));
        return new Exported(format, InventoryExport.write(format, inventory, what));
    }

    /** The selected nodes and the groups restricted to them (groups left empty are left out). */
    private static Inventory only(Inventory inventory, List<Node> selected) {
        Set<String> names = selected.stream().map(Node::name).collect(Collectors.toSet());
        Map<String, List<String>> groups = new LinkedHashMap<>();
        inventory.groups().forEach((g, members) -> {
            List<String> kept = members.stream().filter(names::contains).toList();
            if (!kept.isEmpty()) groups.put(g, kept);
        });
        return new Inventory(inventory.nodes().stream().filter(n -> names.contains(n.name())).toList(), groups);
    }
}
