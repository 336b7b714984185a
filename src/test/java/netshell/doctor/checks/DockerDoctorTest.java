package netshell.doctor.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.kernel.FdbEntry;
import netshell.kernel.IfAddress;
import netshell.kernel.Link;
import netshell.kernel.NodeState;

/** The Docker checks on captured engine state: each fault alone gives one FAIL with a golden fix. */
class DockerDoctorTest {
    static String golden(String name) {
        try (InputStream in = DockerDoctorTest.class.getResourceAsStream("/golden/docker/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static DockerFacts running(String networks, List<DockerFacts.Container> containers) {
        return new DockerFacts("20.10.24", null, "lab up --docker", "1", DockerFacts.parseNetworks(networks),
                containers);
    }

    static NodeFacts withDocker(NodeFacts f, String save, DockerFacts d) {
        return new NodeFacts(f.node(), f.address(), f.underlay(), f.tools(), f.uid(), f.sudo(), f.ipForward(),
                f.state(), save, f.peerReach(), f.backendReach(), f.containers(), f.ip6(), d);
    }

    static List<NodeFacts> healthy() {
        List<NodeFacts> plain = DoctorTest.healthy();
        String node2Networks = golden("networks-node1.txt").replace("172.31.1", "172.31.2")
                .replace("10.0.0.64/26", "10.0.0.128/26").replace("10.0.0.1\"", "10.0.0.2\"");
        return new ArrayList<>(List.of(
                withDocker(plain.get(0), golden("iptables-save-node1.txt"), running(golden("networks-node1.txt"),
                        List.of(new DockerFacts.Container("web1", List.of("nsbr0"), 1450)))),
                withDocker(plain.get(1), golden("iptables-save-node2.txt"),
                        running(node2Networks, List.of(new DockerFacts.Container("web2", List.of("nsbr0"), 1450))))));
    }

    static List<Finding> failures(List<NodeFacts> nodes) {
        return Doctor.check(nodes).stream().filter(Finding::failed).toList();
    }

    @Test
    void capturedDockerNodesAreHealthy() {
        List<Finding> all = Doctor.check(healthy());
        assertEquals(List.of(), all.stream().filter(Finding::failed).toList());
        for (String check : List.of("docker-engine", "docker-forward", "bridge-nf", "docker-subnet", "docker-mtu"))
            assertEquals(2, all.stream().filter(f -> f.check().equals(check)).count(), check + " in " + all);
    }

    @Test
    void parsesNetworksPerIpv4PoolWithAuxAddresses() {
        List<DockerFacts.Network> n = DockerFacts.parseNetworks(golden("networks-node2-walkthrough.txt"));
        assertEquals(List.of(
                new DockerFacts.Network("bridge", "docker0", "172.31.2.0/24", null, "172.31.2.1", List.of()),
                new DockerFacts.Network("nsbr0", "nsbr0", "10.0.0.0/24", "10.0.0.128/25", "10.0.0.2",
                        List.of("10.0.0.70")),
                new DockerFacts.Network("ex1", null, "172.30.0.0/24", "172.30.0.128/25", null,
                        List.of("172.30.0.5", "172.30.0.6"))),
                n);
        assertEquals(List.of(), DockerFacts.parseNetworks("broken|line|not json\n\n"));
    }

    /** Both nodes dual stack: the captured two-config networks, the IPv6 host address on each bridge. */
    static List<NodeFacts> dualStack(String node2Networks) {
        List<NodeFacts> nodes = healthy();
        String[] networks = {golden("networks-node1-dualstack.txt"), node2Networks};
        for (int i = 0; i < 2; i++) {
            NodeFacts f = nodes.get(i);
            List<IfAddress> addresses = new ArrayList<>(f.state().addresses());
            addresses.add(new IfAddress("nsbr0", "inet6", "fd00:10::" + (i + 1), 64));
            NodeState state = new NodeState(f.state().links(), f.state().fdb(), addresses, List.of());
            NodeFacts withState = new NodeFacts(f.node(), f.address(), f.underlay(), f.tools(), f.uid(), f.sudo(),
                    f.ipForward(), state, f.iptablesSave(), f.peerReach(), f.backendReach(), f.containers(), f.ip6(),
                    f.docker());
            nodes.set(i, withDocker(withState, f.iptablesSave(), running(networks[i], f.docker().containers())));
        }
        return nodes;
    }

    static String node2DualStack() {
        return golden("networks-node1-dualstack.txt").replace("172.31.1", "172.31.2")
                .replace("10.0.0.64/26", "10.0.0.128/26").replace("10.0.0.1\"", "10.0.0.2\"")
                .replace("fd00:10::40/122", "fd00:10::80/122").replace("fd00:10::1\"", "fd00:10::2\"");
    }

    @Test
    void dualStackNetworksHaveOneIpv4PoolEach() {
        assertEquals(List.of(new DockerFacts.Network("bridge", "docker0", "172.31.1.0/24", null, "172.31.1.1",
                List.of()),
                new DockerFacts.Network("nsbr0", "nsbr0", "10.0.0.0/24", "10.0.0.64/26", "10.0.0.1",
                        List.of())),
                DockerFacts.parseNetworks(golden("networks-node1-dualstack.txt")));
        List<Finding> all = Doctor.check(dualStack(node2DualStack()));
        assertEquals(List.of(), all.stream().filter(Finding::failed).toList());
        for (String check : List.of("docker-engine", "docker-forward", "bridge-nf", "docker-subnet", "docker-mtu"))
            assertEquals(2, all.stream().filter(f -> f.check().equals(check)).count(), check + " in " + all);
    }

    /**
     * Dual stack over the IPv6 underlay (--underlay6) on nodes reached over IPv4: the overlay carries 1500 - 70, and
     * so do the containers.
     */
    @Test
    void containersOverAnIpv6UnderlayHaveItsMtu() {
        List<NodeFacts> nodes = dualStack(node2DualStack());
        String[] locals = {"fd56::a", "fd56::b"};
        for (int i = 0; i < 2; i++) {
            NodeFacts f = nodes.get(i);
            List<Link> links = List.of(DoctorTest.link("eth1", null, 1500, null, true),
                    DoctorTest.link("nsbr0", "bridge", 1430, null, true), DoctorTest.vxlan(locals[i], 100, 1430, true));
            List<IfAddress> addresses = new ArrayList<>(f.state().addresses());
            addresses.add(new IfAddress("eth1", "inet6", locals[i], 64));
            List<FdbEntry> fdb = List.of(new FdbEntry(FdbEntry.ALL_ZEROS, "vxlan0", locals[1 - i], null,
                    List.of("self")));
            NodeFacts moved = new NodeFacts(f.node(), f.address(), f.underlay(), f.tools(), f.uid(), f.sudo(),
                    f.ipForward(), new NodeState(links, fdb, addresses, List.of()), f.iptablesSave(), f.peerReach(),
                    f.backendReach(), f.containers(), f.ip6(), f.docker());
            DockerFacts d = f.docker();
            nodes.set(i, withDocker(moved, f.iptablesSave(), new DockerFacts(d.version(), null, d.startFix(),
                    d.bridgeNfCallIptables(), d.networks(), List.of(new DockerFacts.Container("web" + (i + 1),
                            List.of("nsbr0"), 1430)))));
        }
        List<Finding> all = Doctor.check(nodes);
        assertEquals(List.of(), all.stream().filter(Finding::failed).toList());
        assertTrue(all.stream().anyMatch(f -> f.check().equals("docker-mtu")
                && f.explanation().equals("containers on the overlay have MTU 1430")), all.toString());
    }

    @Test
    void aDualStackNetworkOnAnotherNodesRangeIsRemadeDualStack() {
        List<Finding> f = failures(dualStack(node2DualStack().replace("10.0.0.128/26", "10.0.0.64/25")));
        assertEquals(1, f.size(), f.toString());
        assertEquals("docker-subnet", f.get(0).check());
        assertTrue(f.get(0).explanation().contains("hands out 10.0.0.64/25, which overlaps node1's container range"
                + " 10.0.0.64/26"), f.get(0).explanation());
        assertEquals("overlay delete --bridge nsbr0 --on node2 && overlay create 10.0.0.0/24 --ipv6 fd00:10::/64"
                + " --vni 100 --port 4789 --name vxlan0 --bridge nsbr0", f.get(0).fix());
    }

    @Test
    void engineDown() {
        List<NodeFacts> nodes = healthy();
        nodes.set(1, withDocker(nodes.get(1), nodes.get(1).iptablesSave(), new DockerFacts(null,
                "Cannot connect to the Docker daemon at unix:///x/docker.sock. Is the docker daemon running?",
                "sudo systemctl start docker", null, null, null)));
        List<Finding> f = failures(nodes);
        assertEquals(1, f.size(), f.toString());
        assertEquals("docker-engine", f.get(0).check());
        assertEquals("node2", f.get(0).node());
        assertTrue(f.get(0).explanation().contains("Is the docker daemon running?"), f.get(0).explanation());
        assertEquals("sudo systemctl start docker", f.get(0).fix());
    }

    @Test
    void bridgedFramesWithoutDockersAccept() {
        List<NodeFacts> nodes = healthy();
        String save = golden("iptables-save-node1.txt").replace("-A FORWARD -i nsbr0 -o nsbr0 -j ACCEPT\n", "");
        nodes.set(0, withDocker(nodes.get(0), save, nodes.get(0).docker()));
        List<Finding> f = failures(nodes);
        assertEquals(1, f.size(), f.toString());
        assertEquals("bridge-nf", f.get(0).check());
        assertEquals("iptables -I DOCKER-USER -i nsbr0 -o nsbr0 -j ACCEPT", f.get(0).fix());
    }

    @Test
    void bridgedFramesSkipIptablesWithBridgeNfOff() {
        List<NodeFacts> nodes = healthy();
        String save = golden("iptables-save-node1.txt").replace("-A FORWARD -i nsbr0 -o nsbr0 -j ACCEPT\n", "");
        DockerFacts d = nodes.get(0).docker();
        nodes.set(0, withDocker(nodes.get(0), save,
                new DockerFacts(d.version(), null, d.startFix(), "0", d.networks(), d.containers())));
        assertEquals(List.of(), failures(nodes));
    }

    @Test
    void forwardDropWithoutAcceptOutOfTheOverlay() {
        List<NodeFacts> nodes = healthy();
        String save = golden("iptables-save-node1.txt").replace("-A FORWARD -i nsbr0 ! -o nsbr0 -j ACCEPT\n", "");
        nodes.set(0, withDocker(nodes.get(0), save, nodes.get(0).docker()));
        List<Finding> f = failures(nodes);
        assertEquals(1, f.size(), f.toString());
        assertEquals("docker-forward", f.get(0).check());
        assertEquals("iptables -I DOCKER-USER -i nsbr0 '!' -o nsbr0 -j ACCEPT", f.get(0).fix());
    }

    @Test
    void walkthroughPoolOverlapsAnotherNodesRangeAndHost() {
        List<NodeFacts> nodes = healthy();
        nodes.set(1, withDocker(nodes.get(1), nodes.get(1).iptablesSave(),
                running(golden("networks-node2-walkthrough.txt"), nodes.get(1).docker().containers())));
        List<Finding> f = failures(nodes);
        assertEquals(1, f.size(), f.toString());
        assertEquals("docker-subnet", f.get(0).check());
        assertEquals("node2", f.get(0).node());
        assertTrue(f.get(0).explanation().contains("10.0.0.70 (aux-address), inside node1's container range"
                + " 10.0.0.64/26"), f.get(0).explanation());
        assertEquals("overlay delete --bridge nsbr0 --on node2 && overlay create 10.0.0.0/24 --vni 100 --port 4789"
                + " --name vxlan0 --bridge nsbr0", f.get(0).fix());
    }

    @Test
    void aNodeThatLostAPeersFloodEntryIsNoGroundToBlameAnothersNetwork() {
        // node1's FDB lost node2 (fault inject fdb-missing): node1 alone it works out a range of the whole subnet.
        List<NodeFacts> nodes = healthy();
        NodeFacts n1 = nodes.get(0);
        netshell.kernel.NodeState lost = new netshell.kernel.NodeState(n1.state().links(), List.of(),
                n1.state().addresses(), n1.state().namespaces());
        nodes.set(0, new NodeFacts(n1.node(), n1.address(), n1.underlay(), n1.tools(), n1.uid(), n1.sudo(),
                n1.ipForward(), lost, n1.iptablesSave(), n1.peerReach(), n1.backendReach(), n1.containers(), n1.ip6(),
                n1.docker()));
        List<Finding> f = failures(nodes);
        assertEquals(List.of("fdb node1"), f.stream().map(x -> x.check() + " " + x.node()).toList());
    }

    @Test
    void foreignNetworkOnTheOverlaySubnet() {
        List<NodeFacts> nodes = healthy();
        String networks = golden("networks-node1.txt") + "lab|br-1|[{\"Subnet\":\"10.0.0.128/25\"}]\n";
        nodes.set(0, withDocker(nodes.get(0), nodes.get(0).iptablesSave(),
                running(networks, nodes.get(0).docker().containers())));
        List<Finding> f = failures(nodes);
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.get(0).explanation().contains("Docker network lab (10.0.0.128/25) overlaps the overlay"),
                f.get(0).explanation());
    }

    @Test
    void containerMtuAboveTheOverlays() {
        List<NodeFacts> nodes = healthy();
        DockerFacts d = nodes.get(1).docker();
        nodes.set(1, withDocker(nodes.get(1), nodes.get(1).iptablesSave(), new DockerFacts(d.version(), null,
                d.startFix(), "1", d.networks(), List.of(new DockerFacts.Container("web2", List.of("nsbr0"), 1500),
                        new DockerFacts.Container("other", List.of("bridge"), 1500)))));
        List<Finding> f = failures(nodes);
        assertEquals(1, f.size(), f.toString());
        assertEquals("docker-mtu", f.get(0).check());
        assertTrue(
                f.get(0).explanation().startsWith("web2 has MTU 1500 on eth0 on node2 where the overlay carries 1450"),
                f.get(0).explanation());
        assertEquals("nsenter -t $(docker inspect -f '{{.State.Pid}}' web2) -n ip link set eth0 mtu 1450"
                + " (lasting: the network's -o com.docker.network.driver.mtu=1450)", f.get(0).fix());
    }

    @Test
    void nodesWithoutDockerGetNoDockerRows() {
        assertTrue(Doctor.check(DoctorTest.healthy()).stream()
                .noneMatch(f -> f.check().startsWith("docker") || f.check().equals("bridge-nf")));
    }
}
