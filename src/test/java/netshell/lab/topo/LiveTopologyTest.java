package netshell.lab.topo;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * A running lab read back from what `ip -j` printed in each namespace of the example brought up as lab "tfcap"
 * (captured from a real lab): the same nodes, bridge, links and mtu, and the exec lines its addresses and
 * routes come to.
 */
class LiveTopologyTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/topo");

    @Test
    void capturedLabReadsBackAsTheGoldenFile() throws Exception {
        Topology made = TopologyParser
                .parse("f", Files.readString(Path.of("scripts/topologies/three-segments.clab.yml")))
                .topology().named("tfcap");
        Map<String, LiveTopology.Dump> dumps = new TreeMap<>();
        for (String ns : new String[]{"tfcap-lan", "tfcap-node1", "tfcap-node2", "tfcap-node3", "tfcap-node4"}) {
            Path d = GOLDEN.resolve("live");
            dumps.put(ns, new LiveTopology.Dump(Files.readString(d.resolve(ns + ".link.json")),
                    Files.readString(d.resolve(ns + ".addr.json")), Files.readString(d.resolve(ns + ".nsid.json")),
                    Files.readString(d.resolve(ns + ".route.json"))));
        }
        Topology live = LiveTopology.read(made, "tfcap", dumps);
        assertEquals(Files.readString(GOLDEN.resolve("three-segments.saved.yml")), TopologyWriter.write(live));
        assertEquals(made.links(), live.links(), "the same links, in the order the file gave them or not");
    }
}
