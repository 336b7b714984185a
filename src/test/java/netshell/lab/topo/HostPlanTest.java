package netshell.lab.topo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.core.BadInput;
import netshell.node.ShellQuote;

/** Placement over hosts and each host's commands (golden), for a topology whose links cross hosts. */
class HostPlanTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/topo");
    private static final String FILE = """
            name: mh
            topology:
              nodes:
                r1: {kind: linux}
                r2: {kind: linux, host: b, exec: ["ip addr add 10.1.1.2/24 dev eth1"]}
                h1: {kind: linux}
                h2: {kind: linux}
                s1: {kind: bridge}
              links:
                - endpoints: ["r1:eth1", "r2:eth1"]
                  mtu: 1400
                - endpoints: ["r1:eth2", "h1:eth1"]
                - endpoints: ["h2:eth1", "s1:p2"]
            """;

    private static Topology topology() { return TopologyParser.parse("mh.yml", FILE).topology(); }

    private static HostPlan plan() {
        return new HostPlan(topology(), "mh", List.of("a", "b"), List.of("10.0.0.1", "10.0.0.2"));
    }

    @Test
    void nodesGoWhereTheirHostSaysElseRoundRobinBridgesToTheFirst() {
        HostPlan p = plan();
        // r2 is pinned to b; r1, h1, h2 take a, b, a in file order; the bridge the first host.
        assertEquals(List.of(0, 1, 1, 0, 0), List.of("r1", "r2", "h1", "h2", "s1").stream().map(p::hostOf).toList());
        assertEquals(List.of(1, 4), p.indexesOn(0));
        assertEquals(List.of(2, 3), p.indexesOn(1));
        assertEquals("mh-h2-node3", p.namespace("h1"));
        assertEquals("mh-h1-lan", p.namespace("s1"));
    }

    @Test
    void eachHostsCommandsAreTheGoldenOnes() throws Exception {
        HostPlan p = plan();
        StringBuilder lines = new StringBuilder();
        for (int k = 0; k < 2; k++) {
            lines.append("# host ").append(p.hosts().get(k)).append('\n');
            p.wiring(k).forEach(s -> lines.append(ShellQuote.join(s.argv())).append('\n'));
            p.exec(k).forEach(s -> lines.append(ShellQuote.join(s.argv())).append('\n'));
        }
        assertEquals(Files.readString(GOLDEN.resolve("over-hosts.plan.txt")), lines.toString());
    }

    @Test
    void oneVniPerLinkAcrossHostsAndOneForTheLan() {
        int base = HostPlan.vniBase("mh");
        assertEquals(List.of("vx" + base, "vx" + (base + 1), "vx" + (base + 2)), plan().tunnelDevices(),
                "the LAN, then r1–r2 and r1–h1 cross; h2–s1 is on one host");
        assertTrue(base > 0 && base + 1000 < 1 << 24, "within VXLAN's 24 bits");
        assertTrue(HostPlan.vniBase("mh") != HostPlan.vniBase("mi"), "labs apart");
    }

    @Test
    void oneHostMakesNoTunnel() {
        HostPlan p = new HostPlan(topology().withoutNode("r2"), "mh", List.of("a"), List.of("10.0.0.1"));
        assertEquals(List.of(), p.tunnelDevices());
        assertTrue(p.wiring(0).stream().noneMatch(s -> s.argv().contains("vxlan")));
    }

    @Test
    void aHostThatIsNotGivenIsRefused() {
        BadInput e = assertThrows(BadInput.class,
                () -> new HostPlan(topology(), "mh", List.of("a", "c"), List.of("10.0.0.1", "10.0.0.3")));
        assertEquals("node r2: host 'b' is not one of --hosts a,c", e.getMessage());
    }

    @Test
    void theHostKeyIsReadAndWrittenBack() {
        Topology t = topology();
        assertEquals("b", t.nodes().get(1).host());
        assertEquals(t, TopologyParser.parse("w", TopologyWriter.write(t)).topology());
        assertTrue(TopologyWriter.write(t).contains("      host: b\n"));
        assertThrows(BadInput.class, () -> TopologyParser.parse("x", FILE.replace("host: b", "host: 'a b'")));
    }
}
