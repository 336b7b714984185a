package netshell.lab.topo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import netshell.core.BadInput;
import netshell.core.Step;

/**
 * A topology spread over several hosts: which host holds each node, and the ip commands each host runs once its
 * part of the lab (nodes and LAN, see {@link #part}) exists. Linux nodes go to the host their {@code host:} key
 * names, the others round-robin in file order; bridges to their {@code host:} or the first host. A link whose ends
 * are on one host is a veth pair there; a link across hosts is, on each side, the node's veth whose host-side end is
 * bridged with a VXLAN device to the other host (one VNI per link, as containerlab's vxlan links). The lab LAN is
 * carried the same way, one VNI for all hosts, so that every node reaches every other at its LAN address.
 *
 * <p>Names include the host ({@code LAB-hK-nodeI}, {@code LAB-hK-lan}): hosts that share one /run/netns (namespaces
 * playing hosts) never collide. A VXLAN device is made in the host's own namespace, where its socket stays, and
 * moved into the LAN namespace: nothing of the lab is left in the host's namespace once the LAN namespace goes.
 */
public final class HostPlan {
    /** A VXLAN over an underlay of 1500 bytes carries 1450 (IPv4 20 + UDP 8 + VXLAN 8 + Ethernet 14). */
    public static final int TUNNEL_MTU = 1450;
    public static final int VXLAN_PORT = 4789;

    private final Topology topology;
    private final String lab;
    private final List<String> hosts;
    private final List<String> addresses;
    private final NodePlacement placement;
    private final Map<String, Integer> hostOf = new LinkedHashMap<>();

    /**
     * @param hosts the hosts' names, in --hosts order
     * @param addresses each host's underlay address (what the other hosts' tunnels send to), in the same order
     */
    public HostPlan(Topology topology, String lab, List<String> hosts, List<String> addresses) {
        if (hosts.isEmpty() || hosts.size() != addresses.size())
            throw new IllegalArgumentException("one address per host");
        this.topology = topology;
        this.lab = lab;
        this.hosts = List.copyOf(hosts);
        this.addresses = List.copyOf(addresses);
        this.placement = NodePlacement.inFileOrder(topology);
        int next = 0;
        for (TopoNode n : topology.nodes()) {
            if (n.host() != null) {
                int k = this.hosts.indexOf(n.host());
                if (k < 0)
                    throw new BadInput("node " + n.name() + ": host '" + n.host() + "' is not one of --hosts "
                            + String.join(",", hosts));
                hostOf.put(n.name(), k);
            } else if (n.kind() == TopoNode.Kind.LINUX) {
                hostOf.put(n.name(), next++ % hosts.size());
            } else {
                hostOf.put(n.name(), 0);
            }
        }
    }

    /** The name of the lab's part on host k (from 0): its namespaces are PART-nodeI and PART-lan. */
    public static String part(String lab, int k) {
        return lab + "-h" + (k + 1);
    }

    /** The first of the lab's VNIs (its LAN's); link i (from 0, file order) has base + 1 + i. Stable per lab name. */
    public static int vniBase(String lab) {
        CRC32 crc = new CRC32();
        crc.update(lab.getBytes(StandardCharsets.UTF_8));
        return 1000 * (1 + (int) (crc.getValue() % 16000));
    }

    public List<String> hosts() { return hosts; }

    /** The host (from 0) that holds a node or bridge. */
    public int hostOf(String node) {
        Integer k = hostOf.get(node);
        if (k == null) throw new IllegalArgumentException("no node " + node);
        return k;
    }

    /** The lab node numbers (one numbering over all hosts) of the linux nodes on host k. */
    public List<Integer> indexesOn(int k) {
        return topology.linuxNodes().stream().filter(n -> hostOf(n.name()) == k)
                .map(n -> placement.index(n.name()).getAsInt()).toList();
    }

    /** A linux node's namespace on its host; a bridge's (its host's LAN namespace). */
    public String namespace(String node) {
        String part = part(lab, hostOf(node));
        if (isBridge(node)) return part + "-lan";
        return part + "-node" + placement.index(node).getAsInt();
    }

    private boolean isBridge(String node) {
        return topology.bridges().stream().anyMatch(b -> b.name().equals(node));
    }

    private boolean crosses(TopoLink l) {
        return hostOf(l.a().node()) != hostOf(l.b().node());
    }

    /** The VXLAN devices the lab makes (in its hosts' own namespaces first): for a teardown that finds one left. */
    public List<String> tunnelDevices() {
        List<String> out = new ArrayList<>();
        if (hosts.size() > 1) out.add(vxlan(vniBase(lab)));
        for (int i = 0; i < topology.links().size(); i++) {
            if (crosses(topology.links().get(i))) out.add(vxlan(vniBase(lab) + 1 + i));
        }
        return out;
    }

    private static String vxlan(int vni) { return "vx" + vni; }

    /** What host k runs after its nodes and LAN exist: the LAN's tunnel, its bridges, its links and link halves. */
    public List<Step> wiring(int k) {
        List<Step> steps = new ArrayList<>();
        String lan = part(lab, k) + "-lan";
        if (hosts.size() > 1) steps.addAll(lanTunnel(k, lan));
        for (TopoNode b : topology.bridges()) {
            if (hostOf(b.name()) != k) continue;
            steps.add(Step.of("bridge " + b.name(), "ip", "-n", lan, "link", "add", b.name(), "type", "bridge"));
            steps.add(Step.of("bridge " + b.name() + " up", "ip", "-n", lan, "link", "set", b.name(), "up"));
        }
        for (int i = 0; i < topology.links().size(); i++) {
            TopoLink l = topology.links().get(i);
            if (!crosses(l)) {
                if (hostOf(l.a().node()) == k) steps.addAll(TopologyPlan.link(l, this::namespace, this::isBridge));
                continue;
            }
            int vni = vniBase(lab) + 1 + i;
            if (hostOf(l.a().node()) == k) steps.addAll(linkHalf(l, l.a(), l.b(), vni, lan));
            if (hostOf(l.b().node()) == k) steps.addAll(linkHalf(l, l.b(), l.a(), vni, lan));
        }
        return steps;
    }

    /** Host k's LAN bridge joined to every other host's by one VXLAN device, flooding to each of them. */
    private List<Step> lanTunnel(int k, String lan) {
        List<Step> steps = new ArrayList<>();
        String dev = vxlan(vniBase(lab));
        steps.addAll(tunnel("lab LAN", dev, vniBase(lab), k, null, null, lan));
        steps.add(Step.of("lab LAN tunnel on br0", "ip", "-n", lan, "link", "set", dev, "master", "br0", "up"));
        for (int j = 0; j < hosts.size(); j++) {
            if (j == k) continue;
            steps.add(Step.of("lab LAN floods to " + hosts.get(j), "bridge", "-n", lan, "fdb", "append",
                    "00:00:00:00:00:00", "dev", dev, "dst", addresses.get(j)));
        }
        for (int i : indexesOn(k)) {
            // The LAN now crosses a tunnel: its frames must fit in one.
            String mtu = String.valueOf(TUNNEL_MTU);
            steps.add(Step.of("node" + i + " LAN mtu", "ip", "-n", part(lab, k) + "-node" + i, "link", "set",
                    TopologyParser.LAN_INTERFACE, "mtu", mtu));
            steps.add(Step.of("veth" + i + " mtu", "ip", "-n", lan, "link", "set", "veth" + i, "mtu", mtu));
        }
        return steps;
    }

    /**
     * A VXLAN device made in the host's namespace (its socket stays there, on the host's underlay) and moved into the
     * LAN namespace; {@code remote} null for one that floods through its forwarding entries.
     */
    private List<Step> tunnel(String why, String dev, int vni, int k, String remote, Integer mtu, String lan) {
        List<String> add = new ArrayList<>(List.of("ip", "link", "add", dev));
        if (mtu != null) add.addAll(List.of("mtu", mtu.toString()));
        add.addAll(List.of("type", "vxlan", "id", String.valueOf(vni), "local", addresses.get(k)));
        if (remote != null) add.addAll(List.of("remote", remote));
        add.addAll(List.of("dstport", String.valueOf(VXLAN_PORT)));
        return List.of(Step.of(why + " tunnel " + dev, add.toArray(String[]::new)),
                Step.of(why + " tunnel into " + lan, "ip", "link", "set", dev, "netns", lan));
    }

    /** This host's half of a link across hosts: the node's end, its host-side end and the tunnel, bridged. */
    private List<Step> linkHalf(TopoLink l, Endpoint here, Endpoint there, int vni, String lan) {
        int k = hostOf(here.node());
        String why = "link " + l.a() + " " + l.b();
        String mtu = String.valueOf(l.mtu() != null ? l.mtu() : TUNNEL_MTU);
        String hostSide = "xv" + vni;
        String bridge = "xb" + vni;
        String dev = vxlan(vni);
        String ns = namespace(here.node());
        List<Step> steps = new ArrayList<>();
        steps.add(Step.of(why + " (" + here + ")", "ip", "-n", ns, "link", "add", here.iface(), "mtu", mtu, "type",
                "veth", "peer", "name", hostSide, "netns", lan, "mtu", mtu));
        if (isBridge(here.node())) {
            steps.add(Step.of(here + " up", "ip", "-n", ns, "link", "set", here.iface(), "master", here.node(), "up"));
        } else {
            steps.add(Step.of(here + " up", "ip", "-n", ns, "link", "set", here.iface(), "up"));
        }
        steps.addAll(tunnel(why, dev, vni, k, addresses.get(hostOf(there.node())), l.mtu(), lan));
        steps.add(Step.of(why + " bridge", "ip", "-n", lan, "link", "add", bridge, "type", "bridge"));
        steps.add(Step.of(why + " host side", "ip", "-n", lan, "link", "set", hostSide, "master", bridge, "up"));
        steps.add(Step.of(why + " tunnel on bridge", "ip", "-n", lan, "link", "set", dev, "master", bridge, "up"));
        steps.add(Step.of(why + " bridge up", "ip", "-n", lan, "link", "set", bridge, "up"));
        return steps;
    }

    /** Host k's nodes' exec commands, in file order, each run by sh inside the node's namespace. */
    public List<Step> exec(int k) {
        List<Step> steps = new ArrayList<>();
        for (TopoNode n : topology.linuxNodes()) {
            if (hostOf(n.name()) != k) continue;
            for (String line : n.exec())
                steps.add(Step.of(n.name() + ": " + line, "ip", "netns", "exec", namespace(n.name()), "sh", "-c",
                        line));
        }
        return steps;
    }
}
