package netshell.lab.topo;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import netshell.core.BadInput;
import netshell.node.ShellQuote;

/** The topology parser, writer and planner against the shipped example, and every refusal in one line. */
class TopologyParserTest {
    private static final Path EXAMPLE = Path.of("scripts/topologies/three-segments.clab.yml");
    private static final Path GOLDEN = Path.of("src/test/resources/golden/topo");

    private static Topology example() throws Exception {
        TopologyParser.Parsed p = TopologyParser.parse("three-segments.clab.yml", Files.readString(EXAMPLE));
        assertEquals(List.of(), p.notes(), "every key of the example is used");
        return p.topology();
    }

    @Test
    void exampleReadsAsFourNodesABridgeAndFourLinks() throws Exception {
        Topology t = example();
        assertEquals("threeseg", t.name());
        assertEquals(List.of("r1", "h1", "h2", "h3"), t.linuxNodes().stream().map(TopoNode::name).toList());
        assertEquals(List.of("sw1"), t.bridges().stream().map(TopoNode::name).toList());
        assertEquals("alpine:3", t.nodes().get(0).image());
        assertEquals(new TopoLink(new Endpoint("r1", "eth3"), new Endpoint("h3", "eth1"), 1400), t.links().get(3));
        assertNull(t.links().get(0).mtu());
    }

    @Test
    void writerGivesTheGoldenFileAndItReadsBackTheSame() throws Exception {
        String written = TopologyWriter.write(example());
        assertEquals(Files.readString(GOLDEN.resolve("three-segments.written.yml")), written);
        assertEquals(example(), TopologyParser.parse("w", written).topology());
    }

    @Test
    void writerQuotesWhatYamlWouldReadOtherwise() {
        Topology t = new Topology("q", List.of(new TopoNode("a", TopoNode.Kind.LINUX, "x: y",
                List.of("echo 'a: b' # c", "true"))), List.of());
        assertEquals(t, TopologyParser.parse("q", TopologyWriter.write(t)).topology());
    }

    @Test
    void planIsTheGoldenCommands() throws Exception {
        TopologyPlan plan = new TopologyPlan(example(), "threeseg");
        StringBuilder lines = new StringBuilder();
        plan.wiring().forEach(s -> lines.append(ShellQuote.join(s.argv())).append('\n'));
        plan.exec().forEach(s -> lines.append(ShellQuote.join(s.argv())).append('\n'));
        assertEquals(Files.readString(GOLDEN.resolve("three-segments.plan.txt")), lines.toString());
    }

    @Test
    void unknownKeysAreNotedNotRefused() {
        TopologyParser.Parsed p = TopologyParser.parse("f", """
                name: n
                topology:
                  kinds: {linux: {image: x}}
                  nodes:
                    a: {kind: linux, mgmt-ipv4: 172.20.20.2}
                """);
        assertEquals(List.of("line 5: a: mgmt-ipv4 is not used", "line 3: topology.kinds is not used"), p.notes());
    }

    /** Each bad file, and the start of the one line it is refused with. */
    static Stream<Arguments> refusals() {
        String two = "topology:\n  nodes:\n    a: {kind: linux}\n    b: {kind: linux}\n  links:\n";
        return Stream.of(Arguments.of("topology: [a", "f:1: not valid YAML:"),
                Arguments.of("name: n", "f:1: no 'topology:' section"),
                Arguments.of("topology:\n  nodes:\n    a: {kind: linux}\n    b: {kind: ceos}\n"
                        + "    c: {kind: nokia_srlinux}",
                        "f: unsupported kinds: b (ceos, line 4), c (nokia_srlinux, line 5); the lab makes kind linux"),
                Arguments.of("topology:\n  nodes:\n    a: {image: x}", "f:3: node 'a' has no kind"),
                Arguments.of("topology:\n  nodes:\n    s: {kind: bridge}", "f:3: no node of kind linux"),
                Arguments.of("topology:\n  nodes:\n    a: {kind: linux}\n  links:\n"
                        + "    - endpoints: [\"a:eth1\", \"b:eth1\"]",
                        "f:5: endpoint 'b:eth1': no node 'b' in topology.nodes"),
                Arguments.of(
                        two + "    - endpoints: [\"a:eth1\", \"b:eth1\"]\n    - endpoints: [\"a:eth1\", \"b:eth2\"]",
                        "f:7: a:eth1 is used twice (also on line 6)"),
                Arguments.of("topology:\n  nodes:\n    a: {kind: linux}\n    s: {kind: bridge}\n    t: {kind: bridge}\n"
                        + "  links:\n    - endpoints: [\"a:eth1\", \"s:p1\"]\n    - endpoints: [\"a:eth2\", \"t:p1\"]",
                        "f:8: t:p1 is used twice (also on line 7): bridge ports share one name space"),
                Arguments.of(two + "    - endpoints: [\"a:eth0\", \"b:eth1\"]",
                        "f:6: endpoint 'a:eth0': eth0 is each node's interface on the lab LAN"),
                Arguments.of(two + "    - endpoints: [\"a:eth1\", \"b:eth1\"]\n      mtu: 9x",
                        "f:7: mtu '9x': a number from 68 to 65535"),
                Arguments.of(two + "    - endpoints: [\"a:eth1\"]", "f:6: endpoints must be a list of two"),
                Arguments.of(two + "    - endpoints: [\"a:averyveryverylongname\", \"b:eth1\"]",
                        "f:6: endpoint 'a:averyveryverylongname': an interface name of 15 characters at most"),
                Arguments.of(two + "    - endpoints: [\"a\", \"b:eth1\"]",
                        "f:6: endpoint 'a': expected \"node:interface\""),
                Arguments.of("topology:\n  nodes:\n    A_B: {kind: linux}", "f:3: node name 'A_B'"),
                Arguments.of("topology:\n  nodes:\n    br0: {kind: bridge}\n    a: {kind: linux}",
                        "f:3: bridge name 'br0'"),
                Arguments.of("topology:\n  nodes:\n    a: {kind: linux}\n    a: {kind: linux}",
                        "f:4: node 'a' is defined twice"),
                Arguments.of("name: Bad Name\ntopology:\n  nodes:\n    a: {kind: linux}", "f:1: lab name 'Bad Name'"),
                Arguments.of("topology:\n  nodes:\n    a: {kind: linux, exec: ls}", "f:3: exec of 'a' must be a list"),
                Arguments.of("", "f: empty topology file"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void refusedInOneLineWithTheLine(String yaml, String expected) {
        BadInput e = assertThrows(BadInput.class, () -> TopologyParser.parse("f", yaml));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
