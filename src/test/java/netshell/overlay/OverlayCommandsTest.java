package netshell.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.command.ApplyReport;
import netshell.command.Explained;
import netshell.command.Target;
import netshell.core.Step;
import netshell.lab.Lab;
import netshell.node.DryRunNode;
import netshell.node.Fleet;
import netshell.node.Node;
import netshell.testing.TestShell;

/** Plans of vxlan/overlay/container as --dry-run shows them (goldens), and bad input that changes nothing. */
class OverlayCommandsTest {
    static List<DryRunNode> nodes(int n) {
        List<DryRunNode> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) out.add(new DryRunNode("node" + i, Lab.address(i), Lab.UNDERLAY));
        return out;
    }

    /** A target whose nodes record commands; kind "test" so that changes are "run" (recorded) unless --dry-run. */
    static TestShell shell(List<DryRunNode> nodes) {
        return TestShell.on(new Target("test", new Fleet(new ArrayList<Node>(nodes)), null, null));
    }

    static List<String> changes(DryRunNode n) {
        return n.recorded().stream().map(Step::argv).map(a -> String.join(" ", a))
                .filter(c -> !c.startsWith("ip -j") && !c.startsWith("bridge -j") && !c.startsWith("docker info"))
                .toList();
    }

    @Test
    void vxlanMeshGolden() throws Exception {
        try (TestShell sh = shell(nodes(3))) {
            ApplyReport r = (ApplyReport) sh.invoke("vxlan create --vni 42 --port 4789 --dry-run");
            assertEquals("""
                    # node1
                    node1$ ip link add vxlan0 type vxlan id 42 local 192.168.56.10 dev eth1 dstport 4789
                    node1$ ip link set vxlan0 mtu 1450
                    node1$ ip link set dev vxlan0 alias netshell
                    node1$ ip link set vxlan0 up
                    node1$ bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.56.11
                    node1$ bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.56.12
                    # node2
                    node2$ ip link add vxlan0 type vxlan id 42 local 192.168.56.11 dev eth1 dstport 4789
                    node2$ ip link set vxlan0 mtu 1450
                    node2$ ip link set dev vxlan0 alias netshell
                    node2$ ip link set vxlan0 up
                    node2$ bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.56.10
                    node2$ bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.56.12
                    # node3
                    node3$ ip link add vxlan0 type vxlan id 42 local 192.168.56.12 dev eth1 dstport 4789
                    node3$ ip link set vxlan0 mtu 1450
                    node3$ ip link set dev vxlan0 alias netshell
                    node3$ ip link set vxlan0 up
                    node3$ bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.56.10
                    node3$ bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.56.11""", r.text());
        }
    }

    @Test
    void overlayBridgeGoldenAndExplainShowsReads() throws Exception {
        try (TestShell sh = shell(nodes(2))) {
            List<Object> live = new ArrayList<>();
            ApplyReport r = (ApplyReport) sh.invoke("overlay create 10.0.0.0/24 --dry-run --explain", live);
            assertEquals("""
                    # node1
                    node1$ ip link add nsbr0 type bridge
                    node1$ ip link set dev nsbr0 alias netshell
                    node1$ ip link set nsbr0 mtu 1450
                    node1$ ip link set nsbr0 up
                    node1$ ip addr add 10.0.0.1/24 dev nsbr0
                    node1$ ip link add vxlan0 type vxlan id 100 local 192.168.56.10 dev eth1 dstport 4789
                    node1$ ip link set vxlan0 mtu 1450
                    node1$ ip link set dev vxlan0 alias netshell
                    node1$ ip link set vxlan0 master nsbr0
                    node1$ ip link set vxlan0 up
                    node1$ bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.56.11
                    # node2
                    node2$ ip link add nsbr0 type bridge
                    node2$ ip link set dev nsbr0 alias netshell
                    node2$ ip link set nsbr0 mtu 1450
                    node2$ ip link set nsbr0 up
                    node2$ ip addr add 10.0.0.2/24 dev nsbr0
                    node2$ ip link add vxlan0 type vxlan id 100 local 192.168.56.11 dev eth1 dstport 4789
                    node2$ ip link set vxlan0 mtu 1450
                    node2$ ip link set dev vxlan0 alias netshell
                    node2$ ip link set vxlan0 master nsbr0
                    node2$ ip link set vxlan0 up
                    node2$ bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.56.10""", r.text());
            List<String> reads = live.stream().filter(o -> o instanceof Explained e && e.read())
                    .map(o -> ((Explained) o).text()).toList();
            assertEquals(List.of("node1$ ip -j -d link    # read", "node1$ bridge -j fdb    # read",
                    "node1$ ip -j addr    # read", "node1$ ip -j netns list    # read",
                    "node1$ ip -j neigh show nud permanent    # read", "node2$ ip -j -d link    # read",
                    "node2$ bridge -j fdb    # read", "node2$ ip -j addr    # read",
                    "node2$ ip -j netns list    # read", "node2$ ip -j neigh show nud permanent    # read"),
                    reads.subList(0, 10));
        }
    }

    /**
     * A node with a Docker engine gets walkthrough 2's docker network, with the plan's range and the bridge name fixed.
     */
    @Test
    void dockerNodeGetsDockerNetwork() throws Exception {
        List<DryRunNode> n = nodes(2);
        n.get(0).reply(List.of("docker", "info"), "24.0.7\n");
        try (TestShell sh = shell(n)) {
            ApplyReport r = (ApplyReport) sh.invoke("overlay create 10.0.0.0/24 --dry-run");
            assertEquals(
                    """
                            # node1
                            node1$ docker network create --driver=bridge --subnet=10.0.0.0/24 --ip-range=10.0.0.64/26 \
                            --gateway=10.0.0.1 -o com.docker.network.bridge.name=nsbr0 \
                            -o com.docker.network.driver.mtu=1450 nsbr0
                            node1$ ip link set dev nsbr0 alias netshell
                            node1$ ip link add vxlan0 type vxlan id 100 local 192.168.56.10 dev eth1 dstport 4789
                            node1$ ip link set vxlan0 mtu 1450
                            node1$ ip link set dev vxlan0 alias netshell
                            node1$ ip link set vxlan0 master nsbr0
                            node1$ ip link set vxlan0 up
                            node1$ bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.56.11""",
                    r.text().substring(0, r.text().indexOf("# node2")).strip());
            assertTrue(r.text().contains("node2$ ip link add nsbr0 type bridge"), r.text());
        }
    }

    /** --ipv6 on a Docker node: the network is dual stack, with the IPv6 twins of the node's range and gateway. */
    @Test
    void dockerNodeGetsDualStackDockerNetwork() throws Exception {
        List<DryRunNode> n = nodes(2);
        n.get(0).reply(List.of("docker", "info"), "20.10.24\n");
        try (TestShell sh = shell(n)) {
            ApplyReport r = (ApplyReport) sh.invoke("overlay create 10.0.0.0/24 --ipv6 fd00:10::/64 --dry-run");
            assertEquals(
                    """
                            # node1
                            node1$ docker network create --driver=bridge --subnet=10.0.0.0/24 --ip-range=10.0.0.64/26 \
                            --gateway=10.0.0.1 --ipv6 --subnet=fd00:10::/64 \
                            --ip-range=fd00:10::40/122 --gateway=fd00:10::1 \
                            -o com.docker.network.bridge.name=nsbr0 \
                            -o com.docker.network.driver.mtu=1450 nsbr0
                            node1$ ip link set dev nsbr0 alias netshell
                            node1$ ip -6 addr del fd00:10::1/64 dev nsbr0
                            node1$ ip -6 addr add fd00:10::1/64 dev nsbr0 nodad
                            node1$ ip link add vxlan0 type vxlan id 100 local 192.168.56.10 dev eth1 dstport 4789
                            node1$ ip link set vxlan0 mtu 1450
                            node1$ ip link set dev vxlan0 alias netshell
                            node1$ ip link set vxlan0 master nsbr0
                            node1$ ip link set vxlan0 up
                            node1$ bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.56.11""",
                    r.text().substring(0, r.text().indexOf("# node2")).strip());
            assertTrue(r.text().contains("node2$ ip -6 addr add fd00:10::2/64 dev nsbr0 nodad"), r.text());
        }
    }

    @Test
    void badInputIsOneLineExit2AndChangesNothing() {
        List<DryRunNode> n = nodes(3);
        try (TestShell sh = shell(n)) {
            String[][] cases = {
                    {"vxlan create --vni 0", "vni must be 1..16777215, not 0"},
                    {"vxlan create --vni 16777216", "vni must be 1..16777215, not 16777216"},
                    {"vxlan create --port 0", "port must be 1..65535, not 0"},
                    {"vxlan create --port 65536", "port must be 1..65535, not 65536"},
                    {"vxlan create --name bad/name", "vxlan device name 'bad/name' contains '/'"},
                    {"vxlan create --name averyveryverylongname", "longer than 15"},
                    {"vxlan create --dev eth:1", "underlay device name 'eth:1' contains ':'"},
                    {"overlay create 10.0.0.0/29", "10.0.0.0/29 is too small for 3 nodes"},
                    {"overlay create 10.0.0.0/24 --bridge 'a b'", "bridge name 'a b' contains"},
                    {"overlay create 10.0.0.0/24 --on node9", "no such node: node9"},
                    {"vxlan create --on node1,nodeX", "no such node: nodeX"},
                    {"vxlan create --on node[1-5]", "no such nodes: node[4-5]"},
                    {"container run web1 --on node7", "no such node: node7 (known: node1, node2, node3)"},
                    {"container run 'we b' --on node1", "container name 'we b'"},
                    {"overlay create 10.0.0.0/24 --ipv6 10.1.0.0/24", "10.1.0.0/24 is not an IPv6 prefix"},
                    {"overlay create 10.0.0.0/24 --ipv6 fd00:10::", "fd00:10:: has no prefix length"},
                    {"overlay create 10.0.0.0/24 --ipv6 fd00:10::/121", "fd00:10::/121 is too small for 10.0.0.0/24"},
                    {"overlay create 10.0.0.0/24 --ipv6 fd00:10::/129", "prefix length must be 0..128"},
                    {"overlay create 10.0.0.0/24 --ipv6 fe80::1%eth0/64", "a zone id (%interface)"},
                    {"overlay create 10.0.0.0/24 --ipv6 fe80::/64", "fe80::/64 is link-local"},
                    {"overlay create 10.0.0.0/24 --ipv6 ::/0", "::/0 is every IPv6 address; an overlay needs a "
                            + "unique local or global prefix"},
                    {"overlay create 0.0.0.0/0", "0.0.0.0/0 is every IPv4 address; an overlay needs unicast"},
                    {"overlay create 127.0.0.0/8", "127.0.0.0/8 is loopback (127.0.0.0/8)"},
                    {"overlay create 224.0.0.0/24", "224.0.0.0/24 is multicast (224.0.0.0/4)"},
                    {"overlay create 192.168.56.0/24", "192.168.56.0/24 overlaps the underlay of node1 "
                            + "(192.168.56.10/32 on eth1)"},
                    {"overlay create 192.168.0.0/16", "192.168.0.0/16 overlaps the underlay of node1"},
            };
            for (String[] c : cases) {
                TestShell.Run r = sh.run(c[0]);
                assertEquals(2, r.status(), c[0] + " → " + r.err());
                assertTrue(r.err().contains(c[1]), c[0] + " → " + r.err());
                assertEquals(1, r.err().strip().lines().count(), r.err());
            }
            n.forEach(node -> assertEquals(List.of(), changes(node), node.name()));
        }
    }

    /** Dual stack: the bridge gets the IPv6 twin of its host address, without duplicate address detection. */
    @Test
    void dualStackOverlayGolden() throws Exception {
        try (TestShell sh = shell(nodes(2))) {
            ApplyReport r = (ApplyReport) sh.invoke("overlay create 10.0.0.0/24 --ipv6 fd00:10::/64 --dry-run");
            assertEquals("""
                    # node1
                    node1$ ip link add nsbr0 type bridge
                    node1$ ip link set dev nsbr0 alias netshell
                    node1$ ip link set nsbr0 mtu 1450
                    node1$ ip link set nsbr0 up
                    node1$ ip addr add 10.0.0.1/24 dev nsbr0
                    node1$ ip -6 addr add fd00:10::1/64 dev nsbr0 nodad
                    node1$ ip link add vxlan0 type vxlan id 100 local 192.168.56.10 dev eth1 dstport 4789""",
                    String.join("\n", r.text().lines().limit(8).toList()));
            assertTrue(r.text().contains("node2$ ip -6 addr add fd00:10::2/64 dev nsbr0 nodad"), r.text());
        }
    }

    /**
     * Docker cannot change a network in place nor remove one with containers: an IPv4-only network of ours with a
     * container on it is not made dual stack; one clear line naming the container, nothing changed.
     */
    @Test
    void dualStackOverADockerNetworkWithContainersIsRefused() {
        List<DryRunNode> n = nodes(2);
        n.get(0).reply(List.of("docker", "info"), "20.10.24\n")
                .reply(List.of("ip", "-j", "-d", "link"), "[{\"ifindex\":4,\"ifname\":\"nsbr0\",\"flags\":[\"UP\"],"
                        + "\"mtu\":1450,\"operstate\":\"UP\",\"ifalias\":\"netshell\","
                        + "\"linkinfo\":{\"info_kind\":\"bridge\"}}]")
                .reply(List.of("ip", "-j", "addr"), "[{\"ifname\":\"nsbr0\",\"addr_info\":[{\"family\":\"inet\","
                        + "\"local\":\"10.0.0.1\",\"prefixlen\":24}]}]")
                .reply(List.of("docker", "network", "inspect"), "web1 \n");
        try (TestShell sh = shell(n)) {
            TestShell.Run r = sh.run("overlay create 10.0.0.0/24 --ipv6 fd00:10::/64");
            assertEquals(1, r.status(), r.out() + r.err());
            assertEquals("netshell: overlay create: the Docker network nsbr0 on node1 is IPv4 only and Docker cannot"
                    + " make it dual stack in place; it still has web1: remove them first (container rm NAME), then run"
                    + " overlay create again; nothing was changed", r.err().strip());
            n.forEach(node -> assertEquals(List.of(), changes(node).stream()
                    .filter(c -> !c.startsWith("docker network inspect")).toList(), node.name()));
        }
    }

    /** One node fails mid-change: exit 1, the node and its error are named. */
    @Test
    void partialFailureNamesTheNode() {
        List<DryRunNode> n = nodes(2);
        n.get(1).reply(List.of("ip", "link", "add", "vxlan0"),
                DryRunNode.Reply.fail(2, "Error: A VXLAN device with the specified VNI already exists."));
        try (TestShell sh = shell(n)) {
            TestShell.Run r = sh.run("vxlan create");
            assertEquals(1, r.status(), r.out() + r.err());
            assertTrue(r.err().contains("node2: Error: A VXLAN device with the specified VNI already exists."),
                    r.err());
            assertTrue(r.out().contains("node2: FAIL at 'ip link add vxlan0"), r.out());
        }
    }

    @Test
    void containerNeedsAnOverlay() {
        try (TestShell sh = shell(nodes(1))) {
            TestShell.Run r = sh.run("container run web1 --on node1");
            assertEquals(1, r.status());
            assertTrue(r.err().contains("node1 has no overlay (run 'overlay create SUBNET' first)"), r.err());
        }
    }
}
