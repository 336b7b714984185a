package netshell.trouble;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import netshell.command.ApplyReport;
import netshell.command.Changes;
import netshell.command.Context;
import netshell.core.Plan;
import netshell.core.Step;
import netshell.kernel.NodeState;
import netshell.lb.rules.Endpoint;
import netshell.lb.rules.GuardedStep;
import netshell.lb.rules.IptablesRules;
import netshell.lb.rules.ServiceSpec;
import netshell.node.ExecResult;
import netshell.node.LocalNode;
import netshell.overlay.plan.ContainerPlanner;
import netshell.overlay.plan.ContainerSpec;
import netshell.overlay.plan.NodeUnderlay;
import netshell.overlay.plan.OverlayMember;
import netshell.overlay.plan.OverlayPlanner;
import netshell.overlay.plan.VxlanSpec;
import netshell.testing.TestShell;

/**
 * The state the overlay, container and lb commands make for walkthrough 2, built here from their pure
 * planners: VXLAN 100 over eth1 between two lab nodes with bridge nsbr0 (10.0.0.1/24, 10.0.0.2/24),
 * containers c1, c2 on node1 and c3 on node2, and a VIP 10.0.0.40:80 on node1 balanced over the three.
 * Container namespaces are global names, so they carry the lab's name and close() removes them.
 */
final class Walkthrough2 implements AutoCloseable {
    static final String VIP = "10.0.0.40";
    final TestShell shell;
    final List<String> containers = new ArrayList<>();
    ServiceSpec service;

    Walkthrough2(TestShell shell) {
        this.shell = shell;
    }

    String container(int i) { return shell.lab().name() + "-c" + i; }

    Walkthrough2 overlay() {
        List<OverlayMember> members = List.of(
                new OverlayMember(new NodeUnderlay("node1", "192.168.56.10", "eth1", 1500), "10.0.0.1/24"),
                new OverlayMember(new NodeUnderlay("node2", "192.168.56.11", "eth1", 1500), "10.0.0.2/24"));
        apply(OverlayPlanner.plan(VxlanSpec.of(100), members,
                Map.of("node1", NodeState.empty(), "node2", NodeState.empty())));
        return this;
    }

    Walkthrough2 containers() {
        addContainer("node1", 1, "10.0.0.65/24", "10.0.0.1");
        addContainer("node1", 2, "10.0.0.66/24", "10.0.0.1");
        addContainer("node2", 3, "10.0.0.129/24", "10.0.0.2");
        return this;
    }

    private void addContainer(String node, int i, String cidr, String gateway) {
        containers.add(container(i));
        // `ip netns add` run inside a lab node (ip netns exec makes / a slave mount) would leave /run/netns/NAME
        // an empty file everywhere else, so the namespace is made from the host and the plan told it exists.
        new LocalNode("local").run("ip", "netns", "add", container(i)).orThrow();
        NodeState host = new NodeState(List.of(), List.of(), List.of(), List.of(container(i)));
        apply(ContainerPlanner.plan(node, new ContainerSpec(container(i), cidr, gateway, "nsbr0", 1450), host));
    }

    Walkthrough2 loadBalancer() {
        service = new ServiceSpec(new Endpoint(VIP, 80), "tcp", List.of(
                new Endpoint("10.0.0.65", 80), new Endpoint("10.0.0.66", 80), new Endpoint("10.0.0.129", 80)));
        apply(new Plan().add("node1",
                IptablesRules.restoreStep(IptablesRules.restoreText(List.of(service)), "install the service")));
        for (GuardedStep g : IptablesRules.jumpSteps(false)) {
            ExecResult check = shell.node("node1").run(g.check().argv());
            if (g.shouldApply(check.exit())) apply(new Plan().add("node1", g.apply()));
        }
        return this;
    }

    void apply(Plan plan) {
        ApplyReport r = (ApplyReport) Changes.applyOrRollBack(new Context(shell.session(), false, false, row -> {}),
                plan);
        if (!r.ok()) throw new AssertionError(r.text());
    }

    void run(String node, Step step) { apply(new Plan().add(node, step)); }

    @Override
    public void close() {
        LocalNode host = new LocalNode("local");
        for (String c : containers) host.run("ip", "netns", "del", c);
        shell.close();
    }
}
