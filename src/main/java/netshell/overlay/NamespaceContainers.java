package netshell.overlay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import netshell.command.Changes;
import netshell.command.CommandOutcome;
import netshell.command.Context;
import netshell.command.ReadyWait;
import netshell.core.Plan;
import netshell.core.Step;
import netshell.kernel.NodeState;
import netshell.node.Node;
import netshell.overlay.plan.ContainerPlanner;
import netshell.overlay.plan.ContainerSpec;
import netshell.overlay.plan.OverlayView;
import netshell.overlay.plan.StaticEndpoints;
import netshell.runtime.ContainerRuntime;

/**
 * Namespace containers, the runtime of nodes without Docker: a network namespace per container, cabled to the
 * overlay bridge by a veth, running a small web server. Answers from the node states the command read already.
 */
final class NamespaceContainers implements ContainerRuntime {
    private final Map<String, NodeState> states;

    /** {@code states}: each node's state, by node name, as the command read it. */
    NamespaceContainers(Map<String, NodeState> states) {
        this.states = states;
    }

    private NodeState state(Node node) { return states.get(node.name()); }

    @Override
    public List<Found> list(Context ctx, Node node) {
        List<Found> out = new ArrayList<>();
        for (Containers.Found f : Containers.on(node, state(node))) {
            boolean running = !Containers.pids(ctx, node, f.namespace()).isEmpty();
            Containers.Assigned assigned = Containers.addresses(ctx, node, f.namespace());
            out.add(new Found(f.name(), f.namespace(), assigned.v4(), assigned.v6(),
                    running ? "running" : "no process"));
        }
        return out;
    }

    @Override
    public Object run(Context ctx, Node node, Request request) throws InterruptedException {
        NodeState state = state(node);
        OverlayView overlay = ContainerCommands.overlayOf(node, state, request.network());
        String name = request.name();
        String text = request.text();
        String ns = Containers.namespace(node, name);
        // What the container has now, if it exists: its address (kept) and eth0's IPv6 address and MTU (adjusted).
        Containers.Assigned own = state.namespaces().contains(ns)
                ? Containers.addresses(ctx, node, ns)
                : new Containers.Assigned(null, null, null);
        String address = request.addressing().choose(othersAddresses(ctx, node, state, ns), own.v4());
        boolean staticMesh = StaticMesh.isStatic(state, overlay);
        String address6 = overlay.address6For(address);
        // The MAC follows the address (a static mesh programs it; and a container made again elsewhere, with the
        // address it had, is not hidden for seconds behind its peers' stale neighbour entries for a random MAC).
        ContainerSpec spec = new ContainerSpec(ns, overlay.withPrefix(address), overlay.hostAddress(), overlay.bridge(),
                overlay.mtu(), StaticEndpoints.containerMac(address), address6,
                overlay.dualStack() ? overlay.ipv6().hostAddress() : null);
        ContainerPlanner.Inside inside = own.inside();
        String current6 = inside.address6Cidr();
        Plan plan = ContainerPlanner.plan(node.name(), spec, state, Containers.netnsAdmin(node), inside);
        List<String> pids = state.namespaces().contains(ns) ? Containers.pids(ctx, node, ns) : List.of();
        // A container that becomes dual stack restarts its server, which listened on IPv4 alone.
        boolean upgraded = !pids.isEmpty() && spec.dualStack() && current6 == null;
        if (upgraded) plan.add(node.name(), ContainerWebServer.stop(ns, pids));
        if (pids.isEmpty() || upgraded) {
            List<Step> server = ContainerWebServer.steps(ctx, node, ns, text, overlay.dualStack());
            plan.addAll(node.name(), state.namespaces().contains(ns)
                    ? server
                    : ContainerWebServer.forNewContainer(ns, server));
        }
        Object result = Changes.applyOrRollBack(ctx, plan);
        if (ctx.dryRun() || result instanceof CommandOutcome o && o.failed()) return result;
        if (staticMesh) { // the other nodes learn where it is (nothing floods to find it)
            Object entries = StaticMesh.after(ctx, result, overlay.vni());
            if (entries instanceof CommandOutcome o && o.failed()) return entries;
        }
        boolean ready = ReadyWait.await(name + " is made on " + node.name(),
                () -> ContainerWebServer.waitForListener(node, ns));
        return new Found(name, ns, address, address6 == null ? null : ContainerCommands.bare(address6),
                ready ? "running" : "starting (see " + Containers.log(ns) + ")");
    }

    /** The addresses of the node's other containers, read here. */
    private static List<String> othersAddresses(Context ctx, Node node, NodeState state, String ns) {
        List<String> used = new ArrayList<>();
        for (Containers.Found f : Containers.on(node, state)) {
            if (f.namespace().equals(ns)) continue;
            String addr = Containers.address(ctx, node, f.namespace());
            if (addr != null) used.add(addr);
        }
        return used;
    }

    @Override
    public List<Step> removal(Context ctx, Node node, String name) {
        List<Step> steps = new ArrayList<>();
        for (Containers.Found f : Containers.on(node, state(node))) {
            if (f.name().equals(name)) steps.addAll(removeSteps(ctx, f, state(node)).stepsFor(node.name()));
        }
        return steps;
    }

    /** Kill its processes, unplug and remove the namespace, delete its log: leaves nothing of the container. */
    static Plan removeSteps(Context ctx, Containers.Found f, NodeState state) {
        Plan plan = new Plan();
        String node = f.node().name();
        List<String> pids = Containers.pids(ctx, f.node(), f.namespace());
        if (!pids.isEmpty()) {
            List<String> kill = new ArrayList<>(List.of("kill", "-KILL"));
            kill.addAll(pids);
            plan.add(node, new Step(kill, null, "stop what runs in " + f.namespace()));
        }
        plan.addAll(node, ContainerPlanner.removePlan(node, f.namespace(), state, Containers.netnsAdmin(f.node()))
                .stepsFor(node));
        plan.add(node, Step.of("its server's log and pages", "rm", "-rf", Containers.log(f.namespace()),
                Containers.webRoot(f.namespace())));
        return plan;
    }

    /** A namespace container has the node's programs: its own commands and the node's are entered alike. */
    @Override
    public Optional<List<String>> exec(Context ctx, Node node, String name) {
        return enter(ctx, node, name);
    }

    @Override
    public Optional<List<String>> enter(Context ctx, Node node, String name) {
        return Containers.on(node, state(node)).stream().filter(f -> f.name().equals(name)).findFirst()
                .map(f -> List.of("ip", "netns", "exec", f.namespace()));
    }
}
