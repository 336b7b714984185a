package netshell.doctor.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import netshell.kernel.NodeState;
import netshell.kernel.Resources;

/** doctor on a static mesh (overlay create --static), from state captured on a 3-node lab (golden/static). */
class StaticMeshDoctorTest {
    static NodeState captured(String node) {
        String dir = "static/" + node;
        return NodeState.parse(Resources.read(dir + "-link.json"), Resources.read(dir + "-fdb.json"),
                Resources.read(dir + "-addr.json"), "[]", Resources.read(dir + "-neigh.json"));
    }

    static NodeFacts facts(String node, String address, String peer, NodeState state) {
        return new NodeFacts(node, address, "eth1", DoctorTest.TOOLS, 0, null, "1", state, null, Map.of(peer, true),
                Map.of(), Map.of());
    }

    static List<Finding> fdb(NodeState node1, NodeState node2) {
        return Doctor.check(List.of(facts("node1", "192.168.56.10", "node2", node1),
                facts("node2", "192.168.56.11", "node1", node2))).stream().filter(f -> f.check().equals("fdb"))
                .toList();
    }

    @Test
    void aStaticMeshIsNotTakenForAFloodMeshWithoutFloodEntries() {
        List<Finding> found = fdb(captured("node1"), captured("node2"));
        assertEquals(List.of(Status.OK, Status.OK), found.stream().map(Finding::status).toList(), found.toString());
    }

    @Test
    void aMissingPeerEntryIsFoundWithTheEntryThatHealsIt() {
        NodeState node1 = captured("node1");
        NodeState broken = new NodeState(node1.links(),
                node1.fdb().stream().filter(e -> !"02:01:c0:a8:38:0b".equals(e.mac())).toList(), node1.addresses(),
                node1.namespaces(), node1.neighbours());
        List<Finding> found = fdb(broken, captured("node2"));
        Finding f = found.get(0);
        assertEquals(Status.FAIL, f.status(), found.toString());
        assertEquals("node1", f.node());
        assertEquals("bridge fdb replace 02:01:c0:a8:38:0b dev vxlan0 dst 192.168.56.11 self permanent",
                f.fix(), f.toString());
        assertEquals(Status.OK, found.get(1).status());
    }
}
