package netshell.overlay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

import netshell.addr.math.Ipv4;
import netshell.command.Args;
import netshell.command.Changes;
import netshell.command.CommandFailed;
import netshell.command.CommandOutcome;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.Displayable;
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
import netshell.runtime.ContainerRuntime;
import netshell.runtime.docker.DockerEngine;
import netshell.runtime.docker.DockerRuntime;
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
                                PID the container's from docker inspect; on a namespace container ip netns exec."""))
                .completing(OverlayCompletions.CONTAINER);
    }

    static Object run(Args a, Context ctx) throws InterruptedException {
        String name = Containers.checkName(a.get("name"));
        String text = a.get("text", "Hello from " + name);
        if (text.contains("\n")) throw new BadInput("--text must be one line");
        Node node = ctx.node(a.get("on"));
        NodeState state = NodeStates.read(ctx, node);
        OverlayView overlay = overlayOf(node, state, a.get("bridge"));
        ContainerRuntime runtime = DockerRuntime.on(ctx, node)
                ? DockerRuntime.INSTANCE
                : new NamespaceContainers(Map.of(node.name(), state));
        Object result = runtime.run(ctx, node, new ContainerRuntime.Request(name, overlay.bridge(), a.get("image"),
                text, addressing(node, overlay, a.get("ip"))));
        return result instanceof ContainerRuntime.Found f ? row(node, f) : result;
    }

    /** The overlay's plan for a container's addresses on this node: --ip (checked), else the next free one. */
    private static ContainerRuntime.Addressing addressing(Node node, OverlayView overlay, String ip) {
        return new ContainerRuntime.Addressing() {
            @Override
            public String choose(List<String> used, String mine) {
                return pickAddress(node, overlay, used, mine, ip);
            }

            @Override
            public String twin6(String address) {
                return overlay.dualStack() ? bare(overlay.address6For(address)) : null;
            }
        };
    }

    private static ContainerRow row(Node node, ContainerRuntime.Found f) {
        return new ContainerRow(node.name(), f.name(), f.where(), f.address(), f.address6(), f.state());
    }

    /** Each runtime a node may have, Docker's first: commands ask them in turn. */
    private static List<ContainerRuntime> runtimes(Map<String, NodeState> states) {
        return List.of(DockerRuntime.INSTANCE, new NamespaceContainers(states));
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
            for (ContainerRuntime runtime : runtimes(states)) {
                for (ContainerRuntime.Found f : runtime.list(ctx, n)) rows.add(row(n, f));
            }
        }
        return rows;
    }

    static Object rm(Args a, Context ctx) {
        String name = Containers.checkName(a.get("name"));
        List<Node> nodes = ctx.select(a.get("on"));
        Map<String, NodeState> states = NodeStates.readAll(ctx, nodes);
        Plan plan = new Plan();
        for (Node n : nodes) {
            for (ContainerRuntime runtime : runtimes(states)) plan.addAll(n.name(), runtime.removal(ctx, n, name));
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

    static Object exec(Args a, Context ctx) {
        String name = Containers.checkName(a.get("name"));
        List<String> command = a.all("command");
        if (command.isEmpty())
            throw new BadInput("no command to run in " + name + " (e.g. container exec " + name + " ip -br addr)");
        String why = "run in " + name;
        return runIn(ctx, name, command, (runtime, n) -> runtime.exec(ctx, n, name), runtime -> why);
    }

    /** The node's own command in the container's network namespace: checks that do not depend on the image. */
    static Object probe(Args a, Context ctx) {
        String name = Containers.checkName(a.get("name"));
        List<String> command = a.all("command");
        if (command.isEmpty())
            throw new BadInput("no command to run for " + name + " (e.g. container probe " + name + " ping -c 2 IP)");
        String why = "the node's " + command.get(0) + " in " + name;
        return runIn(ctx, name, command, (runtime, n) -> runtime.enter(ctx, n, name),
                runtime -> runtime instanceof DockerRuntime ? why + "'s network namespace" : why);
    }

    /**
     * Runs {@code command} in container {@code name} on the first node that has it, behind the prefix its runtime
     * gives ({@code docker exec}, {@code nsenter -t PID -n}, {@code ip netns exec}).
     */
    private static ExecOutput runIn(Context ctx, String name, List<String> command,
            BiFunction<ContainerRuntime, Node, Optional<List<String>>> prefixOf,
            Function<ContainerRuntime, String> why) {
        List<Node> nodes = ctx.select(null);
        Map<String, NodeState> states = NodeStates.readAll(ctx, nodes);
        for (Node n : nodes) {
            for (ContainerRuntime runtime : runtimes(states)) {
                Optional<List<String>> prefix = prefixOf.apply(runtime, n);
                if (prefix.isEmpty()) continue;
                List<String> argv = new ArrayList<>(prefix.get());
                argv.addAll(command);
                ExecResult r = ctx.change(n, new Step(argv, null, why.apply(runtime)));
                return new ExecOutput(n.name(), name, r.exit(), r.stdout(), r.stderr());
            }
        }
        throw new BadInput("no container '" + name + "'");
    }
}
