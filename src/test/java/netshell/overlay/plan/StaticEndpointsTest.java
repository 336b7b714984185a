package netshell.overlay.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import netshell.core.Plan;
import netshell.kernel.NodeState;
import netshell.kernel.Resources;
import netshell.node.ShellQuote;
import netshell.overlay.plan.StaticEndpoints.Endpoint;

/**
 * The per-endpoint entries of a static mesh, against kernel state captured from a 3-node lab (overlay create
 * 10.0.0.0/24 --static; containers c1 on node1 at 10.0.0.65 and c3 on node3 at 10.0.0.193; see golden/static).
 */
class StaticEndpointsTest {
    static NodeState captured(String node) {
        String dir = "static/" + node;
        return NodeState.parse(Resources.read(dir + "-link.json"), Resources.read(dir + "-fdb.json"),
                Resources.read(dir + "-addr.json"), "[]", Resources.read(dir + "-neigh.json"));
    }

    static final Endpoint HOST1 = Endpoint.host("node1", "192.168.56.10", "10.0.0.1");
    static final Endpoint HOST2 = Endpoint.host("node2", "192.168.56.11", "10.0.0.2");
    static final Endpoint HOST3 = Endpoint.host("node3", "192.168.56.12", "10.0.0.3");
    static final Endpoint C1 = Endpoint.container("node1", "192.168.56.10", "10.0.0.65");
    static final Endpoint C3 = Endpoint.container("node3", "192.168.56.12", "10.0.0.193");

    static List<String> lines(Plan plan, String node) {
        List<String> out = new ArrayList<>();
        plan.stepsFor(node).forEach(s -> out.add(ShellQuote.join(s.argv())));
        return out;
    }

    @Test
    void macsFollowFromAddresses() {
        assertEquals("02:03:0a:00:00:41", StaticEndpoints.containerMac("10.0.0.65"));
        assertEquals("02:02:c0:a8:38:0a", HOST1.mac());
    }

    @Test
    void aNodeThatKnowsEveryOtherEndpointNeedsNothing() {
        Plan plan = StaticEndpoints.plan("vxlan0", List.of(HOST1, HOST2, HOST3, C1, C3),
                Map.of("node2", captured("node2")));
        assertTrue(plan.isEmpty(), plan.toString());
    }

    @Test
    void aRemovedContainerIsForgotten() {
        Plan plan = StaticEndpoints.plan("vxlan0", List.of(HOST1, HOST2, HOST3, C1),
                Map.of("node2", captured("node2")));
        assertEquals(List.of("bridge fdb del 02:03:0a:00:00:c1 dev vxlan0 dst 192.168.56.12 self",
                "ip neigh del 10.0.0.193 dev vxlan0"), lines(plan, "node2"));
    }

    @Test
    void aNewContainerIsTaughtToTheOtherNodesOnly() {
        Endpoint c2 = Endpoint.container("node2", "192.168.56.11", "10.0.0.129");
        Plan plan = StaticEndpoints.plan("vxlan0", List.of(HOST1, HOST2, HOST3, C1, C3, c2),
                Map.of("node1", captured("node1"), "node2", captured("node2")));
        assertEquals(List.of("bridge fdb replace 02:03:0a:00:00:81 dev vxlan0 dst 192.168.56.11 self permanent",
                "ip neigh replace 10.0.0.129 lladdr 02:03:0a:00:00:81 dev vxlan0 nud permanent"), lines(plan, "node1"));
        assertEquals(List.of(), lines(plan, "node2"));
    }

    @Test
    void freshMembersGetEveryoneElse() {
        Plan plan = StaticEndpoints.plan("vxlan0", List.of(HOST1, HOST2, HOST3, C1, C3),
                Map.of("node1", NodeState.empty(), "node3", NodeState.empty()));
        assertEquals(List.of("bridge fdb replace 02:03:0a:00:00:c1 dev vxlan0 dst 192.168.56.12 self permanent",
                "ip neigh replace 10.0.0.2 lladdr 02:02:c0:a8:38:0b dev vxlan0 nud permanent",
                "ip neigh replace 10.0.0.3 lladdr 02:02:c0:a8:38:0c dev vxlan0 nud permanent",
                "ip neigh replace 10.0.0.193 lladdr 02:03:0a:00:00:c1 dev vxlan0 nud permanent"), lines(plan, "node1"));
        assertEquals(List.of("bridge fdb replace 02:03:0a:00:00:41 dev vxlan0 dst 192.168.56.10 self permanent",
                "ip neigh replace 10.0.0.1 lladdr 02:02:c0:a8:38:0a dev vxlan0 nud permanent",
                "ip neigh replace 10.0.0.2 lladdr 02:02:c0:a8:38:0b dev vxlan0 nud permanent",
                "ip neigh replace 10.0.0.65 lladdr 02:03:0a:00:00:41 dev vxlan0 nud permanent"), lines(plan, "node3"));
    }

    @Test
    void aDualStackContainersIpv6AddressSharesTheMacOfItsIpv4One() {
        Endpoint c1v6 = Endpoint.container6("node1", "192.168.56.10", "fd00:10::41", "10.0.0.65");
        Endpoint host1v6 = Endpoint.host6("node1", "192.168.56.10", "fd00:10::1");
        Plan plan = StaticEndpoints.plan("vxlan0", List.of(HOST1, C1, c1v6, host1v6),
                Map.of("node2", NodeState.empty()));
        assertEquals(List.of("bridge fdb replace 02:03:0a:00:00:41 dev vxlan0 dst 192.168.56.10 self permanent",
                "ip neigh replace 10.0.0.1 lladdr 02:02:c0:a8:38:0a dev vxlan0 nud permanent",
                "ip neigh replace 10.0.0.65 lladdr 02:03:0a:00:00:41 dev vxlan0 nud permanent",
                "ip neigh replace fd00:10::41 lladdr 02:03:0a:00:00:41 dev vxlan0 nud permanent",
                "ip neigh replace fd00:10::1 lladdr 02:02:c0:a8:38:0a dev vxlan0 nud permanent"), lines(plan, "node2"));
    }
}
