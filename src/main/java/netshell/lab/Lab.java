package netshell.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import netshell.runtime.docker.LabDocker;
import netshell.runtime.docker.ShimSockets;
import netshell.command.LabHandle;
import netshell.core.AfterCtrlC;
import netshell.core.BadInput;
import netshell.core.Step;
import netshell.lab.topo.LiveChange;
import netshell.lab.topo.LiveTopology;
import netshell.lab.topo.NodePlacement;
import netshell.lab.topo.TopoLink;
import netshell.lab.topo.TopoNode;
import netshell.lab.topo.Topology;
import netshell.lab.topo.TopologyParser;
import netshell.lab.topo.TopologyPlan;
import netshell.lab.topo.TopologyWriter;
import netshell.node.ExecResult;
import netshell.node.Inventory;
import netshell.node.LocalNode;
import netshell.node.NodeException;
import netshell.node.ShellQuote;
import netshell.node.NetnsNode;
import netshell.node.Node;
import netshell.node.VagrantShape;

/**
 * The embedded lab: N "machines" as network namespaces NAME-node1..N on one LAN, like the Vagrant
 * walkthrough's VMs. A bridge br0 lives in its own namespace NAME-lan; each node has a veth whose node end
 * is eth1 with 192.168.56.(9+i)/24 (node1 = .10). Nothing is added to the root namespace. The lab outlives
 * this process: its truth is the namespaces themselves plus a state directory.
 *
 * <p>SSH reach (--ssh): each node namespace runs its own OpenSSH sshd on 192.168.56.x:22 with its own host
 * key. The root namespace has no route to 192.168.56.0/24 (by design), so {@code nodes.ssh} reaches each
 * sshd with {@code ProxyCommand ip netns exec NAME-nodeX socat - TCP:%h:%p,nodelay}: socat runs inside the
 * node namespace and pipes the TCP connection to ssh's stdin/stdout (with TCP_NODELAY: a relay without it
 * meets delayed ACKs, some 40 ms per command). That file works with SshNode (via Inventory) and with
 * plain {@code ssh -F nodes.ssh node1}; its host keys are pinned in the state dir's known_hosts.
 */
public final class Lab implements LabHandle {
    public static final int MAX_NODES = 245;
    public static final String UNDERLAY = VagrantShape.UNDERLAY;

    /** One node's state as found on the machine. */
    public record NodeStatus(String node, String namespace, boolean exists, String address, boolean sshdRunning,
            String docker) {}

    private final String name;
    private final Path stateDir;
    /** This machine: where the lab's own files, sshd and Docker engines are. */
    private static final LocalNode LOCAL = new LocalNode("localhost");
    /** The machine the lab's namespaces are on: this one, or for a part of a multi-host lab, its host. */
    private final Node host;
    /** The node interface on the lab LAN when fixed (a multi-host lab's part), else null: see underlay(). */
    private final String lanInterface;

    public Lab(String name, Path stateDir) {
        this(name, stateDir, LOCAL, null);
    }

    /** One host's part of a multi-host lab: its namespaces and LAN are made on {@code host}, its state too. */
    Lab(String name, Path stateDir, Node host, String lanInterface) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9_-]{0,30}")) {
            throw new BadInput("bad lab name '" + name + "' (lower-case letters, digits, - and _)");
        }
        this.name = name;
        this.stateDir = stateDir;
        this.host = host;
        this.lanInterface = lanInterface;
    }

    /** Whether the lab's namespaces are on this machine (not a part of a multi-host lab on another host). */
    boolean local() {
        return host == LOCAL;
    }

    public Lab(String name) { this(name, defaultStateDir(name)); }

    public Lab() { this("netshell"); }

    /** /var/lib/netshell/labs/NAME for root, ~/.netshell/labs/NAME otherwise. */
    public static Path defaultStateDir(String name) {
        boolean root = "root".equals(System.getProperty("user.name"));
        return root
                ? Path.of("/var/lib/netshell/labs", name)
                : Path.of(System.getProperty("user.home"), ".netshell", "labs", name);
    }

    public String name() { return name; }
    public Path stateDir() { return stateDir; }

    /** The ssh_config inventory written by up(n, true). */
    public Path sshConfig() {
        return stateDir.resolve("nodes.ssh");
    }

    @Override
    public Optional<Path> sshInventory() {
        return Files.isRegularFile(sshConfig()) ? Optional.of(sshConfig()) : Optional.empty();
    }

    public static String address(int index) { return VagrantShape.address(index); }

    String namespace(int index) { return name + "-node" + index; }

    String lan() { return name + "-lan"; }

    /**
     * Creates what is missing for nodes 1..count (and their sshd when ssh); changes nothing that is already right.
     */
    public void up(int count, boolean ssh) {
        if (count < 1 || count > MAX_NODES) throw new BadInput("a lab has 1 to " + MAX_NODES + " nodes, not " + count);
        notOverHosts("lab up --nodes");
        new LabWiring(this, host).up(count);
        if (ssh) new LabSsh(this, stateDir, LOCAL).up(count);
    }

    /** As {@link #up(int, boolean)}; with docker, each node 1..count also gets its own Docker engine. */
    public void up(int count, boolean ssh, boolean docker) {
        up(count, ssh);
        if (docker) upDocker(count);
    }

    /** Gives nodes 1..count (which exist) their own Docker engine each; engines already running stay. */
    public void upDocker(int count) {
        List<Integer> indexes = IntStream.rangeClosed(1, count).boxed().toList();
        docker().up(indexes, indexes.stream().map(this::namespace).toList());
    }

    /** Gives the nodes numbered {@code indexes} (which exist) their own Docker engine each. */
    void upDocker(List<Integer> indexes) {
        docker().up(indexes, indexes.stream().map(this::namespace).toList());
    }

    /** Stops node i's Docker engine, if it has one, and removes all it made. */
    void stopDocker(int i) {
        if (docker().nodes().contains(i)) docker().stop(i);
    }

    private LabDocker docker() { return new LabDocker(name, stateDir, LOCAL); }

    /**
     * Adds a node to the running lab, on its LAN as the other nodes are, linked as each {@code NODE[:IF]} says; the
     * other nodes are not touched but for the far ends of its links.
     */
    public LiveChange.NewNode addNode(String node, List<String> linkTo) {
        notOverHosts("lab add-node");
        return new LiveLab(this, LOCAL).addNode(node, linkTo);
    }

    /** Removes a node of the running lab, and its links (their far ends with them). */
    public void removeNode(String node) {
        notOverHosts("lab rm-node");
        new LiveLab(this, LOCAL).removeNode(node);
    }

    /** Adds a link ("node:interface" each end) to the running lab; mtu null for the kernel's default. */
    public TopoLink addLink(String a, String b, Integer mtu) {
        notOverHosts("lab link add");
        return new LiveLab(this, LOCAL).addLink(a, b, mtu);
    }

    /** Removes the link between two ends of the running lab. */
    public void removeLink(String a, String b) {
        notOverHosts("lab link rm");
        new LiveLab(this, LOCAL).removeLink(a, b);
    }

    /** Whether every node of the lab has its own Docker engine. */
    public boolean hasDocker() {
        List<Integer> engines = docker().nodes();
        return !nodeIndexes().isEmpty() && engines.containsAll(nodeIndexes());
    }

    /** The IPv6 underlay beside 192.168.56.0/24: node i has fd56::(9+i)/64 on eth1 (node1 = fd56::a). */
    public static final String UNDERLAY6 = "fd56::/64";

    public static String address6(int index) { return "fd56::" + Integer.toHexString(9 + index); }

    /**
     * Adds the IPv6 underlay to nodes 1..count (after {@link #up}): fd56::(9+i)/64 on eth1 without duplicate
     * address detection (nodad: usable at once, not "tentative"; the lab assigns every address itself), and
     * IPv6 forwarding on. Idempotent ("addr replace").
     */
    public void upIpv6(int count) {
        for (int i = 1; i <= count; i++) {
            String ns = namespace(i);
            run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=0",
                    "net.ipv6.conf.all.forwarding=1");
            batch(ns, "addr replace " + address6(i) + "/64 dev " + UNDERLAY + " nodad\n");
        }
    }

    private void run(String... argv) {
        orFail(List.of(argv), host.run(argv));
    }

    private void orFail(List<String> argv, ExecResult r) {
        if (!r.ok()) throw new NodeException("lab " + name, ShellQuote.join(argv) + ": " + r.firstErrorLine());
    }

    /** Runs ip commands (one per line) in a namespace, or in this one when ns is null, in one process. */
    private void batch(String ns, String commands) {
        if (commands.isEmpty()) return;
        List<String> argv = ns == null ? List.of("ip", "-batch", "-") : List.of("ip", "-n", ns, "-batch", "-");
        orFail(argv, host.run(argv, commands));
    }

    /**
     * Takes away a lab whose bring-up could not finish (a failure, Ctrl-C): a lab is never left half made. What is
     * left after all is added to {@code why}, the error to report.
     */
    void downAfterFailure(RuntimeException why) {
        AfterCtrlC.cleanUp(() -> {
            try {
                down();
            } catch (RuntimeException left) {
                why.addSuppressed(left);
            }
        });
    }

    /** Kills every process in the lab's namespaces, deletes them and the state dir; works from what exists. */
    public void down() {
        if (MultiHostLab.spread(this)) {
            MultiHostLab.of(this).down();
            return;
        }
        docker().down(); // before the namespaces go: dockerd removes its containers and mounts itself
        List<String> namespaces = namespaces();
        List<String> all = new ArrayList<>(namespaces);
        all.addAll(SshMadeContainers.of(host, namespaces.stream().filter(ns -> !ns.equals(lan())).toList(),
                namespaces));
        new LabWiring(this, host).down(nodeIndexes(), all);
    }

    public boolean exists() { return MultiHostLab.spread(this) || !namespaces().isEmpty(); }

    /** Whether the lab is spread over hosts (lab up FILE --hosts): its nodes are there, its state here. */
    public boolean overHosts() {
        return MultiHostLab.spread(this);
    }

    /**
     * Brings up a topology over hosts of an inventory (their names in {@code hosts}), each node on the host its
     * {@code host:} names or round-robin, links across hosts carried over VXLAN; see {@link MultiHostLab}.
     */
    public void up(Topology t, Inventory inventory, List<String> hosts) {
        MultiHostLab.up(this, t.named(name), inventory, hosts);
    }

    /** One node of a lab over hosts: the host that holds it, its namespace there, its LAN address. */
    public record HostedNodeStatus(String node, String host, String namespace, boolean exists, String address) {}

    /** Each node of a lab over hosts with the host that holds it (see {@link #overHosts()}). */
    public List<HostedNodeStatus> hostStatus() {
        return MultiHostLab.of(this).status();
    }

    /** Refuses what a lab over hosts does not do (yet): live changes, save. */
    private void notOverHosts(String what) {
        if (overHosts()) throw new BadInput(what + " is not for a lab over hosts (lab " + name + ")");
    }

    public List<NodeStatus> status() {
        List<NodeStatus> out = new ArrayList<>();
        NodePlacement names = placement();
        List<String> existing = namespaces();
        for (int i : nodeIndexes()) {
            String ns = namespace(i);
            boolean exists = existing.contains(ns);
            String address = exists ? addressOf(ns) : "";
            out.add(new NodeStatus(names.name(i), ns, exists, address, LabSsh.sshdRunning(stateDir, i),
                    engineStatus(i)));
        }
        return out;
    }

    /** "20.10.24 running", "stopped" or "" (no engine). */
    private String engineStatus(int i) {
        if (!docker().nodes().contains(i)) return "";
        LabDocker.Engine e = docker().status(i);
        return e.running() ? (e.version() + " running").strip() : "stopped";
    }

    private String addressOf(String ns) {
        String out = host.run("ip", "-n", ns, "-4", "-o", "addr", "show", "dev", underlay()).stdout();
        Matcher m = Pattern.compile("inet (\\S+)/").matcher(out);
        return m.find() ? m.group(1) : "";
    }

    @Override
    public boolean mayName(String word) {
        return word.matches("node(\\d+|\\[.*)");
    }

    @Override
    public String notUp() {
        return "the lab '" + name + "' is not up: run 'lab up' (2 nodes) or 'lab up --nodes N' first";
    }

    /** The lab's nodes (node1…), each a NetnsNode in its namespace. */
    public List<Node> nodes() {
        if (MultiHostLab.spread(this)) return MultiHostLab.of(this).nodes();
        List<Node> out = new ArrayList<>();
        NodePlacement names = placement();
        List<String> existing = namespaces(); // once: each look is a process
        for (int i : nodeIndexes()) {
            if (existing.contains(namespace(i)))
                out.add(new NetnsNode(names.name(i), namespace(i), address(i), underlay(),
                        docker().dockerHost(i).orElse(null)));
        }
        return out;
    }

    /** Where a lab made from a topology file keeps it: node names and kinds, read back by status and save. */
    Path topologyFile() {
        return stateDir.resolve("topology.yml");
    }

    /** The topology this lab was made from, when it was made from one. */
    public Optional<Topology> topology() {
        if (!Files.isRegularFile(topologyFile())) return Optional.empty();
        try {
            return Optional.of(TopologyParser.parse(topologyFile().toString(), Files.readString(topologyFile()))
                    .topology());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + topologyFile(), e);
        }
    }

    /**
     * The interface each node has on the lab LAN: eth1 as on the Vagrant VMs, or, in a lab made from a topology
     * file, eth0 (containerlab's management interface), which leaves eth1… to the file's links.
     */
    public String underlay() {
        if (lanInterface != null) return lanInterface;
        return Files.isRegularFile(topologyFile()) ? TopologyParser.LAN_INTERFACE : UNDERLAY;
    }

    /** Where the lab keeps which number each node has, once nodes were added or removed live. */
    Path placementFile() {
        return stateDir.resolve("nodes.placement");
    }

    /**
     * Which number each node has: as kept once nodes came and went live, else the file's linux nodes in order (a
     * topology lab), else none (node i is nodeI).
     */
    NodePlacement placement() {
        if (Files.isRegularFile(placementFile())) {
            try {
                return NodePlacement.parse(Files.readString(placementFile()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read " + placementFile(), e);
            }
        }
        return topology().map(NodePlacement::inFileOrder).orElseGet(NodePlacement::none);
    }

    /**
     * Brings up a topology as a new lab: one node per linux node, each on the lab LAN (eth0), then the file's
     * bridges, links and exec commands. A lab that cannot be finished is removed whole.
     */
    public void up(Topology t) {
        if (exists()) throw new BadInput("lab " + name + " is up already: 'lab down --name " + name + "' first");
        try {
            Files.createDirectories(stateDir);
            Files.writeString(topologyFile(), TopologyWriter.write(t.named(name)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + topologyFile(), e);
        }
        try {
            new LabWiring(this, host).up(t.linuxNodes().size());
            TopologyPlan plan = new TopologyPlan(t, name);
            for (Step s : plan.wiring()) orFail(s.argv(), host.run(s.argv()));
            for (Step s : plan.exec()) {
                ExecResult r = host.run(s.argv());
                if (!r.ok()) throw new BadInput("exec of " + s.why() + " failed: " + r.firstErrorLine());
            }
        } catch (RuntimeException e) {
            downAfterFailure(e);
            throw e;
        }
    }

    /** The running lab as a topology file's model (see LiveTopology); a lab made without a file has none. */
    public Topology save() {
        notOverHosts("lab save");
        Topology made = topology().orElseThrow(() -> new BadInput("lab " + name
                + " was not made from a topology file: 'lab up FILE' makes one that 'lab save' can write"));
        Map<String, LiveTopology.Dump> dumps = new TreeMap<>();
        for (String ns : namespaces()) {
            if (!ns.equals(lan()) && !ns.matches(Pattern.quote(name) + "-node\\d+")) continue;
            // The links first: dumping them is what gives the peers' namespaces their ids here.
            String links = host.run("ip", "-n", ns, "-j", "-d", "link", "show").orThrow().stdout();
            dumps.put(ns, new LiveTopology.Dump(links, host.run("ip", "-n", ns, "-j", "addr", "show").orThrow()
                    .stdout(), host.run("ip", "-n", ns, "-j", "netns", "list-id").stdout(),
                    host.run("ip", "-n", ns, "-j", "route", "show").stdout()));
        }
        return LiveTopology.read(made, name, placement(), dumps);
    }

    /** Node numbers present as namespaces or in the state dir. */
    List<Integer> nodeIndexes() {
        Map<Integer, Boolean> found = new TreeMap<>();
        Pattern node = Pattern.compile(Pattern.quote(name) + "-node(\\d+)");
        for (String ns : namespaces()) {
            Matcher m = node.matcher(ns);
            if (m.matches()) found.put(Integer.parseInt(m.group(1)), true);
        }
        if (Files.isDirectory(stateDir)) {
            try (Stream<Path> dirs = Files.list(stateDir)) {
                dirs.map(p -> p.getFileName().toString()).filter(f -> f.matches("node\\d+"))
                        .forEach(f -> found.put(Integer.parseInt(f.substring(4)), true));
            } catch (IOException ignored) {
                // Namespaces alone are enough.
            }
        }
        return new ArrayList<>(found.keySet());
    }

    /**
     * This lab's namespaces (NAME-nodeN, NAME-lan and containers NAME-nodeN-CONTAINER), exactly: another
     * lab's names never match.
     */
    List<String> namespaces() {
        return host.run("ip", "netns", "list").orThrow().stdout().lines()
                .map(l -> l.split("\\s+")[0]).filter(this::owns).toList();
    }

    /** Whether a namespace name is one of this lab's (NAME-nodeN, NAME-lan, NAME-nodeN-CONTAINER), exactly. */
    boolean owns(String namespace) {
        return Pattern.compile(Pattern.quote(name) + "-(node\\d+(-[A-Za-z0-9][A-Za-z0-9_.-]*)?|lan)")
                .matcher(namespace).matches();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
