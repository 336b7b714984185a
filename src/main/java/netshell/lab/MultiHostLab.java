package netshell.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import netshell.core.AfterCtrlC;
import netshell.core.BadInput;
import netshell.core.Step;
import netshell.lab.topo.HostPlan;
import netshell.lab.topo.TopoNode;
import netshell.lab.topo.Topology;
import netshell.lab.topo.TopologyParser;
import netshell.lab.topo.TopologyWriter;
import netshell.node.ExecResult;
import netshell.node.HostedNetnsNode;
import netshell.node.Inventory;
import netshell.node.InventoryExport;
import netshell.node.Node;
import netshell.node.NodeException;
import netshell.node.NodeSpec;
import netshell.node.ShellQuote;
import netshell.node.SshNode;

/**
 * A lab from a topology file spread over hosts reached over SSH ({@code lab up FILE --hosts a,b}): each host makes
 * its part with the lab's own steps (namespaces, LAN, veths; {@link LabWiring} sending its ip commands to the host),
 * then the {@link HostPlan}'s links and tunnels, as root. This machine keeps the lab's state: the topology, the
 * hosts as an ssh_config (hosts.ssh) and each host's underlay address (hosts), from which status, the nodes and
 * down reach every host again.
 */
final class MultiHostLab {
    /** What a host's part is kept under on the host (the host runs the steps as root). */
    private static final Path HOST_STATE = Path.of("/var/lib/netshell/labs");
    /** One SSH connection per host while this process lives, shared by the lab's nodes on it. */
    private static final Map<String, SshNode> CONNECTIONS = new ConcurrentHashMap<>();

    private final Lab lab;
    private final List<NodeSpec> hosts;
    private final List<String> addresses;

    private MultiHostLab(Lab lab, List<NodeSpec> hosts, List<String> addresses) {
        this.lab = lab;
        this.hosts = hosts;
        this.addresses = addresses;
    }

    static Path hostsFile(Lab lab) { return lab.stateDir().resolve("hosts.ssh"); }

    private static Path addressesFile(Lab lab) { return lab.stateDir().resolve("hosts"); }

    /** Whether the lab (on this machine's side) is spread over hosts. */
    static boolean spread(Lab lab) {
        return lab.local() && Files.isRegularFile(hostsFile(lab));
    }

    /** The lab as its state on this machine describes it. */
    static MultiHostLab of(Lab lab) {
        try {
            Inventory inv = Inventory.load(hostsFile(lab));
            List<String> names = new ArrayList<>();
            List<String> addresses = new ArrayList<>();
            for (String line : Files.readAllLines(addressesFile(lab))) {
                String[] w = line.strip().split("\\s+");
                if (w.length != 2) continue;
                names.add(w[0]);
                addresses.add(w[1]);
            }
            List<NodeSpec> specs = names.stream().map(n -> inv.node(n).orElseThrow(
                    () -> new BadInput("lab " + lab.name() + ": host " + n + " is missing from " + hostsFile(lab))))
                    .toList();
            return new MultiHostLab(lab, specs, addresses);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the hosts of lab " + lab.name(), e);
        }
    }

    /**
     * Brings up a topology over the named hosts of an inventory; everything is checked (names, each host root with
     * iproute2 and vxlan) before anything is made, and a lab that cannot be finished is removed from every host.
     */
    static MultiHostLab up(Lab lab, Topology t, Inventory inventory, List<String> hostNames) {
        if (HostPlan.part(lab.name(), hostNames.size() - 1).length() > 31)
            throw new BadInput(
                    "lab name '" + lab.name() + "' is too long for a lab over hosts (27 characters at most)");
        if (hostNames.stream().distinct().count() != hostNames.size())
            throw new BadInput("--hosts names a host twice: " + String.join(",", hostNames));
        if (lab.exists())
            throw new BadInput("lab " + lab.name() + " is up already: 'lab down --name " + lab.name()
                    + "' first");
        List<NodeSpec> specs = new ArrayList<>();
        for (String h : hostNames) {
            specs.add(
                    inventory.node(h).orElseThrow(() -> new BadInput("unknown host '" + h + "': not in the inventory ("
                            + String.join(", ", inventory.nodes().stream().map(NodeSpec::name).toList()) + ")")));
        }
        List<String> addresses = specs.stream().map(MultiHostLab::underlayAddress).toList();
        MultiHostLab m = new MultiHostLab(lab, specs, addresses);
        HostPlan plan;
        try {
            IntStream.range(0, specs.size()).parallel().forEach(m::check);
            plan = new HostPlan(t, lab.name(), hostNames, addresses); // refuses a host: naming no host
        } catch (RuntimeException e) {
            m.disconnect(); // nothing was made: no connection is kept for it either
            throw e;
        }
        m.keepState(t, inventory);
        try {
            IntStream.range(0, specs.size()).parallel().forEach(k -> m.upHost(plan, k));
        } catch (RuntimeException e) {
            AfterCtrlC.cleanUp(() -> {
                try {
                    m.down();
                } catch (RuntimeException left) {
                    e.addSuppressed(left); // the error that stopped it is the one to say; what is left, beside it
                }
            });
            throw e;
        }
        return m;
    }

    /** The address the other hosts' tunnels reach a host at: its inventory address, resolved here if a name. */
    private static String underlayAddress(NodeSpec spec) {
        try {
            return InetAddress.getByName(spec.host()).getHostAddress();
        } catch (UnknownHostException e) {
            throw new BadInput("host " + spec.name() + ": cannot resolve " + spec.host());
        }
    }

    /** Refuses, in one line, a host that cannot be logged in to, is not root, or lacks iproute2 or vxlan. */
    private void check(int k) {
        String name = hosts.get(k).name();
        String user = hosts.get(k).userOrDefault();
        List<ExecResult> r;
        try {
            r = host(k).runAll(List.of(List.of("id", "-u"), List.of("ip", "-V"),
                    List.of("sh", "-c", "test -d /sys/module/vxlan || modprobe -q vxlan")));
        } catch (NodeException e) {
            if (!user.equals("root") && e.getMessage().contains("sudo"))
                throw new BadInput("host " + name + " is not root: " + user + " cannot run the lab's steps as root ("
                        + e.getMessage() + ")");
            throw new BadInput("host " + name + ": cannot log in: " + e.getMessage());
        }
        if (!r.get(0).ok() && !user.equals("root"))
            throw new BadInput(
                    "host " + name + " is not root: " + user + " cannot run the lab's steps as root (sudo -n: "
                            + r.get(0).firstErrorLine() + ")");
        if (!r.get(0).ok()) throw new BadInput("host " + name + ": cannot log in: " + r.get(0).firstErrorLine());
        if (!r.get(0).stdout().strip().equals("0"))
            throw new BadInput("host " + name + " is not root (uid " + r.get(0).stdout().strip()
                    + "): the lab's steps need root, log in as root or with sudo");
        if (!r.get(1).ok()) throw new BadInput("host " + name + " has no iproute2 ('ip' not found)");
        if (!r.get(2).ok()) throw new BadInput("host " + name + " has no vxlan (kernel module vxlan)");
    }

    private void keepState(Topology t, Inventory inventory) {
        try {
            Files.createDirectories(lab.stateDir());
            Files.writeString(lab.stateDir().resolve("lab.properties"), "name=" + lab.name() + "\n");
            Files.writeString(lab.topologyFile(), TopologyWriter.write(t.named(lab.name())));
            Files.writeString(hostsFile(lab), InventoryExport.write("ssh-config",
                    new Inventory(hosts, Map.of()), "the hosts of lab " + lab.name()));
            StringBuilder out = new StringBuilder();
            for (int k = 0; k < hosts.size(); k++)
                out.append(hosts.get(k).name()).append(' ').append(addresses.get(k)).append('\n');
            Files.writeString(addressesFile(lab), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the state of lab " + lab.name(), e);
        }
    }

    /** Host k's part: its nodes and LAN, then its links and tunnels in one script, then its nodes' exec. */
    private void upHost(HostPlan plan, int k) {
        Node host = host(k);
        new LabWiring(part(k), host).up(plan.indexesOn(k));
        runScript(k, plan.wiring(k));
        for (Step s : plan.exec(k)) {
            ExecResult r = host.run(s.argv());
            if (!r.ok()) throw new BadInput("exec of " + s.why() + " failed: " + r.firstErrorLine());
        }
    }

    /** Steps as one sh script on the host (one round trip); the first that fails stops it, named in the error. */
    private void runScript(int k, List<Step> steps) {
        if (steps.isEmpty()) return;
        StringBuilder script = new StringBuilder();
        for (Step s : steps) {
            script.append(ShellQuote.join(s.argv())).append(" || { echo ")
                    .append(ShellQuote.quote("netshell-step: " + s.why())).append(" >&2; exit 1; }\n");
        }
        ExecResult r = host(k).run(List.of("sh"), script.toString());
        if (r.ok()) return;
        String why = r.stderr().lines().filter(l -> l.startsWith("netshell-step: ")).map(l -> l.substring(15))
                .findFirst().orElse("lab steps");
        throw new NodeException("lab " + lab.name(), hosts.get(k).name() + ": " + why + ": " + r.firstErrorLine());
    }

    /** Host k's part of the lab: namespaces LAB-hK-nodeI and LAB-hK-lan on the host, its state dir there. */
    private Lab part(int k) {
        String name = HostPlan.part(lab.name(), k);
        return new Lab(name, HOST_STATE.resolve(name), host(k), TopologyParser.LAN_INTERFACE);
    }

    private SshNode host(int k) {
        NodeSpec spec = hosts.get(k);
        return CONNECTIONS.computeIfAbsent(lab.name() + "/" + spec.name(), key -> new SshNode(spec));
    }

    private void disconnect() {
        for (NodeSpec h : hosts) {
            SshNode c = CONNECTIONS.remove(lab.name() + "/" + h.name());
            if (c != null) c.close();
        }
    }

    private HostPlan plan() {
        Topology t = lab.topology().orElseThrow(() -> new BadInput("lab " + lab.name() + " has lost its topology"));
        return new HostPlan(t, lab.name(), hosts.stream().map(NodeSpec::name).toList(), addresses);
    }

    /** The lab's nodes that exist, each reached through its host. */
    List<Node> nodes() {
        HostPlan plan = plan();
        List<Node> out = new ArrayList<>();
        List<List<String>> existing = IntStream.range(0, hosts.size()).parallel()
                .mapToObj(k -> part(k).namespaces()).toList();
        for (TopoNode n : lab.topology().orElseThrow().linuxNodes()) {
            int k = plan.hostOf(n.name());
            String ns = plan.namespace(n.name());
            if (!existing.get(k).contains(ns)) continue;
            int i = Integer.parseInt(ns.substring(ns.lastIndexOf("-node") + 5));
            out.add(new HostedNetnsNode(n.name(), host(k), ns, Lab.address(i), TopologyParser.LAN_INTERFACE));
        }
        return out;
    }

    /** Each node: its host, namespace, whether it exists there, its LAN address (read in one round trip a host). */
    List<Lab.HostedNodeStatus> status() {
        HostPlan plan = plan();
        List<TopoNode> linux = lab.topology().orElseThrow().linuxNodes();
        Map<String, String> addresses = new ConcurrentHashMap<>(); // namespace → address, for those that exist
        IntStream.range(0, hosts.size()).parallel().forEach(k -> {
            List<String> here = part(k).namespaces();
            List<String> mine = linux.stream().filter(n -> plan.hostOf(n.name()) == k)
                    .map(n -> plan.namespace(n.name())).filter(here::contains).toList();
            List<ExecResult> r = host(k).runAll(mine.stream().map(ns -> List.of("ip", "-n", ns, "-4", "-o", "addr",
                    "show", "dev", TopologyParser.LAN_INTERFACE)).toList());
            for (int j = 0; j < mine.size(); j++) {
                Matcher m = INET.matcher(r.get(j).stdout());
                addresses.put(mine.get(j), m.find() ? m.group(1) : "");
            }
        });
        List<Lab.HostedNodeStatus> out = new ArrayList<>();
        for (TopoNode n : linux) {
            String ns = plan.namespace(n.name());
            String address = addresses.get(ns);
            out.add(new Lab.HostedNodeStatus(n.name(), hosts.get(plan.hostOf(n.name())).name(), ns, address != null,
                    address == null ? "" : address));
        }
        return out;
    }

    private static final Pattern INET = Pattern.compile("inet (\\S+)/");

    /**
     * Removes the lab from every host (its namespaces, a tunnel device left in the host's own namespace, its state
     * dir there), then its state here; a host that cannot be reached keeps the state here, so down can run again.
     */
    void down() {
        List<String> tunnels = lab.topology().map(t -> plan().tunnelDevices()).orElse(List.of());
        List<String> failed = new ArrayList<>();
        IntStream.range(0, hosts.size()).parallel().forEach(k -> {
            try {
                Lab part = part(k);
                new LabWiring(part, host(k)).down(part.nodeIndexes(), part.namespaces());
                // A tunnel is in the host's namespace only if moving it into the lab failed: most are gone.
                StringBuilder del = new StringBuilder();
                for (String dev : tunnels)
                    del.append(ShellQuote.join(List.of("ip", "link", "del", dev)))
                            .append(" 2>/dev/null\n");
                if (del.length() > 0) host(k).run(List.of("sh"), del + "true\n");
            } catch (RuntimeException e) {
                synchronized (failed) {
                    failed.add(hosts.get(k).name() + ": " + e.getMessage());
                }
            }
        });
        disconnect();
        if (!failed.isEmpty())
            throw new NodeException("lab " + lab.name(), "not removed from " + String.join("; ", failed)
                    + " ('lab down' again once the host answers)");
        if (Files.isDirectory(lab.stateDir())) LabWiring.deleteTree(lab.stateDir());
    }
}
