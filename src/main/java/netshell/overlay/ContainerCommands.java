package netshell.overlay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

import netshell.addr.math.Ipv4;
import netshell.command.Args;
import netshell.command.Changes;
import netshell.command.CommandFailed;
import netshell.command.CommandOutcome;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.Displayable;
import netshell.command.Docker;
import netshell.command.NodeStates;
import netshell.core.OptionalColumns;
import netshell.command.Param;
import netshell.command.Verb;
import netshell.core.BadInput;
import netshell.core.Plan;
import netshell.core.Step;
import netshell.kernel.NodeState;
import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.overlay.plan.ContainerPlanner;
import netshell.overlay.plan.ContainerSpec;
import netshell.overlay.plan.DockerContainers;
import netshell.overlay.plan.OverlayView;
import netshell.overlay.plan.StaticEndpoints;

/** {@code container run|ls|rm|exec}: web servers on the overlay, as Docker containers or network namespaces. */
public final class ContainerCommands {
    private ContainerCommands() {}

    /**
     * One container: where it runs, its overlay address and whether a process runs in it; {@code address6} only on
     * a dual-stack overlay (null, and left out of tables and JSON, otherwise).
     */
    public record ContainerRow(String node, String name, String namespace, String address, String address6,
            String state) implements OptionalColumns {
        public ContainerRow(String node, String name, String namespace, String address, String state) {
            this(node, name, namespace, address, null, state);
        }

        @Override
        public Set<String> optionalColumns() { return Set.of("address6"); }
    }

    /** A command's output inside a container; exit status other than 0 fails the line. */
    public record ExecOutput(String node, String container, int exit, String stdout, String stderr)
            implements
                Displayable,
                CommandOutcome {
        @Override
        public String text() { return (stdout + stderr).stripTrailing(); }
        @Override
        public Object data() { return this; }
        @Override
        public boolean failed() { return exit != 0; }
        @Override
        public String failureSummary() { return container + " on " + node + ": exit status " + exit; }
    }

    public static CommandSpec spec() {
        return CommandSpec.of("container", "containers on the overlay: a web server answering a text on port 80",
                Verb.of("run", "start a container on a node, with an address from the node's range",
                        ContainerCommands::run,
                        Param.positional("name", "the container's name, e.g. web1"),
                        Param.onNode(),
                        Param.option("ip", "its address (default: the next free one of the node's range)"),
                        Param.option("image", "Docker image on Docker nodes (default: nginx; netshell/web on the lab)"),
                        Param.option("text", "what its web server answers (default: Hello from NAME)"),
                        Param.option("bridge", "the overlay bridge (default: the node's only overlay)")
                                .completes("bridge"),
                        Param.confirm())
                        .details("""
                                On a node with a Docker engine: docker run -d --name NAME --network OVERLAY --ip ADDRESS
                                [--ip6 ADDRESS6 on a dual-stack overlay] IMAGE (the same addresses a namespace
                                container would get), then the index page, copied in
                                with docker cp (no shell in the image needed; the path is the container's own, a
                                symbolic link there never reaches the node's files); an image the
                                engine lacks and cannot pull is named, with how to load it offline. Elsewhere a
                                network namespace: a veth from the overlay bridge to eth0 inside,
                                the address, MTU of the overlay, a default route via the node's host address, and
                                a web server (netshell's own HelloServer on the lab; python3 or busybox httpd on
                                a machine)."""),
                Verb.of("ls", "containers: node, name, address, state", ContainerCommands::ls,
                        Param.onNodes()),
                Verb.of("rm", "stop a container's processes and remove its namespace and veth", ContainerCommands::rm,
                        Param.positional("name", "the container").completes("container"),
                        Param.onNodes(), Param.confirm()),
                Verb.of("exec", "run a command inside a container (its network namespace)", ContainerCommands::exec,
                        Param.positional("name", "the container").completes("container"),
                        Param.rest("command", "the command and its arguments")),
                Verb.of("probe", "run the node's own tool (ping, curl…) in a container's network namespace",
                        ContainerCommands::probe,
                        Param.positional("name", "the container").completes("container"),
                        Param.rest("command", "the node's command and its arguments, e.g. ping -c 2 10.0.0.129"))
                        .details("""
                                Works whatever the container's image holds (the official nginx image has neither ping
                                nor curl; busybox's ping has no -M do): on a Docker node nsenter -t PID -n COMMAND, with
                                PID the container's from docker inspect; on a namespace container ip netns exec."""));
    }

    static Object run(Args a, Context ctx) throws InterruptedException {
        String name = Containers.checkName(a.get("name"));
        String text = a.get("text", "Hello from " + name);
        if (text.contains("\n")) throw new BadInput("--text must be one line");
        Node node = ctx.node(a.get("on"));
        NodeState state = NodeStates.read(ctx, node);
        OverlayView overlay = overlayOf(node, state, a.get("bridge"));
        if (Docker.present(ctx, node)) return DockerContainerRun.run(ctx, node, name, a, overlay, text);
        String ns = Containers.namespace(node, name);
        // What the container has now, if it exists: its address (kept) and eth0's IPv6 address and MTU (adjusted).
        Containers.Assigned own = state.namespaces().contains(ns)
                ? Containers.addresses(ctx, node, ns)
                : new Containers.Assigned(null, null, null);
        String address = chooseAddress(ctx, node, state, overlay, ns, own.v4(), a.get("ip"));
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
        if (pids.isEmpty() || upgraded)
            plan.addAll(node.name(), ContainerWebServer.steps(ctx, node, ns, text, overlay.dualStack()));
        Object result = Changes.applyOrRollBack(ctx, plan);
        if (ctx.dryRun() || result instanceof CommandOutcome o && o.failed()) return result;
        if (staticMesh) { // the other nodes learn where it is (nothing floods to find it)
            Object entries = StaticMesh.after(ctx, result, overlay.vni());
            if (entries instanceof CommandOutcome o && o.failed()) return entries;
        }
        boolean ready = ContainerWebServer.waitForListener(node, ns);
        return new ContainerRow(node.name(), name, ns, address,
                address6 == null ? null : bare(address6),
                ready ? "running" : "starting (see " + Containers.log(ns) + ")");
    }

    /** The overlay bridge the container joins: the one named, or the node's only one. */
    static OverlayView overlayOf(Node node, NodeState state, String bridge) {
        List<OverlayView> all = OverlayView.all(state);
        if (bridge != null) {
            return all.stream().filter(v -> v.bridge().equals(bridge)).findFirst().orElseThrow(() -> new CommandFailed(
                    node.name() + " has no overlay on bridge " + bridge + " (run 'overlay create SUBNET' first)"));
        }
        if (all.isEmpty()) throw new CommandFailed(node.name() + " has no overlay (run 'overlay create SUBNET' first)");
        if (all.size() > 1) {
            throw new BadInput(node.name() + " has several overlays ("
                    + String.join(", ", all.stream().map(OverlayView::bridge).toList()) + "); give --bridge");
        }
        return all.get(0);
    }

    /**
     * The container's existing address ({@code mine}, already read), else --ip (checked), else the first free address
     * of the node's range; the other containers' addresses are read here.
     */
    private static String chooseAddress(Context ctx, Node node, NodeState state, OverlayView overlay, String ns,
            String mine, String ip) {
        List<String> used = new ArrayList<>();
        for (Containers.Found f : Containers.on(node, state)) {
            if (f.namespace().equals(ns)) continue;
            String addr = Containers.address(ctx, node, f.namespace());
            if (addr != null) used.add(addr);
        }
        return pickAddress(node, overlay, used, mine, ip);
    }

    /** The address without its prefix length. */
    static String bare(String cidr) {
        return cidr.substring(0, cidr.indexOf('/'));
    }

    /** The container's existing address, else --ip (checked), else the first free address of the node's range. */
    static String pickAddress(Node node, OverlayView overlay, List<String> used, String mine, String ip) {
        if (ip != null) {
            Ipv4.parse(ip);
            if (!overlay.inRange(ip)) {
                throw new BadInput(ip + " is outside " + node.name() + "'s container range " + overlay.containerRange()
                        + " (" + overlay.firstContainer() + " – " + overlay.lastContainer() + ")");
            }
            if (used.contains(ip)) throw new BadInput(ip + " is already used by another container on " + node.name());
            if (mine != null && !mine.equals(ip))
                throw new BadInput("the container already exists with address " + mine + "; remove it first");
            return ip;
        }
        return mine != null ? mine : overlay.nextFree(used);
    }

    static List<ContainerRow> ls(Args a, Context ctx) {
        List<Node> nodes = ctx.select(a.get("on"));
        Map<String, NodeState> states = NodeStates.readAll(ctx, nodes);
        List<ContainerRow> rows = new ArrayList<>();
        for (Node n : nodes) {
            for (DockerContainers.Container c : DockerEngine.containers(ctx, n)) {
                rows.add(new ContainerRow(n.name(), c.name(), "docker", c.address(), c.address6(), c.state()));
            }
            for (Containers.Found f : Containers.on(n, states.get(n.name()))) {
                boolean running = !Containers.pids(ctx, n, f.namespace()).isEmpty();
                Containers.Assigned assigned = Containers.addresses(ctx, n, f.namespace());
                rows.add(new ContainerRow(n.name(), f.name(), f.namespace(), assigned.v4(), assigned.v6(),
                        running ? "running" : "no process"));
            }
        }
        return rows;
    }

    private static boolean isDockerContainer(Context ctx, Node node, String name) {
        return DockerEngine.containers(ctx, node).stream().anyMatch(c -> c.name().equals(name));
    }

    static Object rm(Args a, Context ctx) {
        String name = Containers.checkName(a.get("name"));
        List<Node> nodes = ctx.select(a.get("on"));
        Map<String, NodeState> states = NodeStates.readAll(ctx, nodes);
        Plan plan = new Plan();
        for (Node n : nodes) {
            if (isDockerContainer(ctx, n, name))
                plan.add(n.name(), Step.of("remove the Docker container", "docker", "rm", "-f", name));
            for (Containers.Found f : Containers.on(n, states.get(n.name()))) {
                if (f.name().equals(name))
                    plan.addAll(n.name(), removeSteps(ctx, f, states.get(n.name())).stepsFor(n.name()));
            }
        }
        if (plan.isEmpty())
            throw new BadInput(
                    "no container '" + name + "' on " + String.join(", ", nodes.stream().map(Node::name).toList()));
        Object result = Changes.applyOrRollBack(ctx, plan);
        for (int vni : staticMeshes(nodes, states)) result = StaticMesh.after(ctx, result, vni); // others forget it
        return result;
    }

    /** The VNIs of the static meshes these nodes' overlays belong to. */
    private static Set<Integer> staticMeshes(List<Node> nodes, Map<String, NodeState> states) {
        Set<Integer> out = new TreeSet<>();
        for (Node n : nodes) {
            NodeState s = states.get(n.name());
            for (OverlayView v : OverlayView.all(s)) if (v.vni() != null && StaticMesh.isStatic(s, v)) out.add(v.vni());
        }
        return out;
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

    static Object exec(Args a, Context ctx) {
        String name = Containers.checkName(a.get("name"));
        List<String> command = a.all("command");
        if (command.isEmpty())
            throw new BadInput("no command to run in " + name + " (e.g. container exec " + name + " ip -br addr)");
        return runIn(ctx, name, command, (c, n) -> List.of("docker", "exec", name), "run in " + name, "run in " + name);
    }

    /** The node's own command in the container's network namespace: checks that do not depend on the image. */
    static Object probe(Args a, Context ctx) {
        String name = Containers.checkName(a.get("name"));
        List<String> command = a.all("command");
        if (command.isEmpty())
            throw new BadInput("no command to run for " + name + " (e.g. container probe " + name + " ping -c 2 IP)");
        String why = "the node's " + command.get(0) + " in " + name;
        return runIn(ctx, name, command, (c, n) -> {
            String pid = DockerEngine.pid(c, n, name);
            if (pid == null && !c.dryRun())
                throw new CommandFailed(name + " on " + n.name() + " is not running (docker start " + name + ")");
            return List.of("nsenter", "-t", pid == null ? "PID" : pid, "-n");
        }, why + "'s network namespace", why);
    }

    /**
     * Runs {@code command} in container {@code name} on the first node that has it: behind {@code dockerPrefix}
     * for a Docker container, under {@code ip netns exec} for a namespace container.
     */
    private static ExecOutput runIn(Context ctx, String name, List<String> command,
            BiFunction<Context, Node, List<String>> dockerPrefix, String dockerWhy, String namespaceWhy) {
        List<Node> nodes = ctx.select(null);
        Map<String, NodeState> states = NodeStates.readAll(ctx, nodes);
        for (Node n : nodes) {
            List<String> prefix = null;
            String why = namespaceWhy;
            if (isDockerContainer(ctx, n, name)) {
                prefix = dockerPrefix.apply(ctx, n);
                why = dockerWhy;
            } else {
                for (Containers.Found f : Containers.on(n, states.get(n.name()))) {
                    if (prefix == null && f.name().equals(name)) prefix = List.of("ip", "netns", "exec", f.namespace());
                }
            }
            if (prefix == null) continue;
            List<String> argv = new ArrayList<>(prefix);
            argv.addAll(command);
            ExecResult r = ctx.change(n, new Step(argv, null, why));
            return new ExecOutput(n.name(), name, r.exit(), r.stdout(), r.stderr());
        }
        throw new BadInput("no container '" + name + "'");
    }
}
