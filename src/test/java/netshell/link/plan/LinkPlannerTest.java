package netshell.link.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import netshell.core.BadInput;
import netshell.core.Step;

/** The link planner on hand-built node facts: the tc and nft lines each option becomes, with and without netem. */
class LinkPlannerTest {
    static final Endpoint E = Endpoint.parse("node1:eth1");
    static final Device ETH1 = new Device("eth1", 2, 7, "veth", true, true, 1500);
    static final Device LO = new Device("lo", 1, null, null, true, true, 65536);
    static final String DEFAULT_QDISC = "qdisc noqueue 0: dev lo root refcnt 2 \n"
            + "qdisc noqueue 0: dev eth1 root refcnt 2 \n";
    static final String TBF_QDISC = "qdisc tbf 8002: dev eth1 root refcnt 3 rate 10Mbit burst 12500b lat 50ms \n";
    static final String NFT_LOSS = """
            table inet netshell_link {
            \tchain out_eth1 {
            \t\ttype filter hook postrouting priority filter; policy accept;
            \t\toifname "eth1" numgen random mod 1000000 < 100000 counter packets 3 bytes 252 drop comment "loss 10%"
            \t}
            }
            """;

    static NodeLinks node(boolean netem, String qdiscs, String nft) {
        return NodeLinks.of("node1", List.of(LO, ETH1), qdiscs, nft, netem, Set.of("tc", "nft"));
    }

    /** Each step as its command (stdin indented below it) and, under it, its undo. */
    static String lines(List<Step> steps) {
        if (steps.isEmpty()) return "(nothing to do)\n";
        List<String> out = new ArrayList<>();
        for (Step s : steps) {
            out.add(command(s, ""));
            if (s.undo() != null) out.add(command(s.undo(), "  undo: "));
        }
        return String.join("\n", out) + "\n";
    }

    private static String command(Step s, String prefix) {
        StringBuilder sb = new StringBuilder(prefix).append(String.join(" ", s.argv()));
        if (s.stdin() != null)
            s.stdin().lines().forEach(l -> sb.append("\n").append(prefix.isEmpty() ? "  | " : "        | ").append(l));
        return sb.toString();
    }

    static Impairment want(String delay, String jitter, String loss, String corrupt, String rate) {
        return Impairment.parse(delay, jitter, loss, corrupt, rate);
    }

    /** A case of a golden file: its title line and the steps planned. */
    record Case(String title, List<Step> steps) {}

    static Case impair(String options, NodeLinks n, Impairment want) {
        return new Case("link impair node1:eth1 " + options + "   [eth1 had: " + n.impairment("eth1").text() + "]",
                LinkPlanner.impair(E, n, want));
    }

    /** Compares with src/test/resources/golden/link/NAME (the actual text left in target/NAME.actual). */
    static void golden(String name, List<Case> cases) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Case c : cases) sb.append("== ").append(c.title()).append('\n').append(lines(c.steps())).append('\n');
        String actual = sb.toString();
        String expected = Files.readString(GOLDEN.resolve(name));
        if (!expected.equals(actual)) Files.writeString(Path.of("target", name + ".actual"), actual);
        assertEquals(expected, actual, "golden " + name + " (actual output in target/" + name + ".actual)");
    }

    static final Path GOLDEN = Path.of("src/test/resources/golden/link");

    @Test
    void withoutNetemTheRateIsATokenBucketAndLossAndCorruptionRandomDrops() throws IOException {
        NodeLinks clean = node(false, DEFAULT_QDISC, "");
        NodeLinks impaired = node(false, TBF_QDISC, NFT_LOSS);
        golden("impair-without-netem.txt", List.of(
                impair("--loss 10%", clean, want(null, null, "10%", null, null)),
                impair("--corrupt 0.1%", clean, want(null, null, null, "0.1%", null)),
                impair("--rate 10mbit", clean, want(null, null, null, null, "10mbit")),
                // a slow rate's bucket still holds two full frames
                impair("--loss 1% --corrupt 0.1% --rate 1000kbit", clean, want(null, null, "1%", "0.1%", "1000kbit")),
                impair("--loss 5%", impaired, want(null, null, "5%", null, null)),
                impair("--rate 2mbit", impaired, want(null, null, null, null, "2mbit"))));
    }

    @Test
    void withNetemOneQdiscCarriesEverything() throws IOException {
        NodeLinks clean = node(true, DEFAULT_QDISC, "");
        golden("impair-with-netem.txt", List.of(
                impair("--delay 50ms --jitter 5ms --loss 1% --corrupt 0.1% --rate 10mbit", clean,
                        want("50ms", "5ms", "1%", "0.1%", "10mbit")),
                impair("--delay 50ms", clean, want("50ms", null, null, null, null)),
                impair("--loss 10%", clean, want(null, null, "10%", null, null)),
                impair("--rate 10mbit", clean, want(null, null, null, null, "10mbit")),
                // what a kernel without netem had set is taken off, and put back by the undo
                impair("--delay 1.5ms", node(true, TBF_QDISC, NFT_LOSS), want("1.5ms", null, null, null, null)),
                impair("--loss 2%", node(true, "qdisc netem 8001: dev eth1 root refcnt 2 limit 1000 delay 50ms  5ms"
                        + " seed 4519436592519183612\n", ""), want(null, null, "2%", null, null))));
    }

    @Test
    void downUpAndClearEachCarryTheirUndo() throws IOException {
        NodeLinks n = node(false, TBF_QDISC, NFT_LOSS);
        golden("down-up-clear.txt", List.of(new Case("link node1:eth1 down", LinkPlanner.state(E, n, false)),
                new Case("link node1:eth1 up   [it is up]", LinkPlanner.state(E, n, true)),
                new Case("link clear node1:eth1   [eth1 had: " + n.impairment("eth1").text() + "]",
                        LinkPlanner.clear(E, n)),
                new Case("link clear node1:eth1   [eth1 had: -]", LinkPlanner.clear(E, node(false, DEFAULT_QDISC,
                        ""))),
                new Case("the drop table once its last chain is cleared", LinkPlanner.tidy(n, List.of(E))),
                new Case("the drop table while another chain is left", LinkPlanner.tidy(n, List.of()))));
    }

    @Test
    void withoutNetemDelayAndJitterAreRefusedNamingTheModule() {
        BadInput e = assertThrows(BadInput.class, () -> LinkPlanner.impair(E, node(false, DEFAULT_QDISC, ""),
                want("50ms", "5ms", "1%", null, null)));
        assertEquals("impair: node1's kernel has no netem (module sch_netem), which --delay and --jitter need"
                + " (--loss, --corrupt and --rate work without it); nothing was changed", e.getMessage());
    }

    @Test
    void aQdiscNetshellDidNotSetIsRefused() {
        BadInput e = assertThrows(BadInput.class, () -> LinkPlanner.impair(E,
                node(false, "qdisc htb 1: dev eth1 root refcnt 2 r2q 10 default 0 direct_packets_stat 0\n", ""),
                want(null, null, "1%", null, null)));
        assertEquals("impair: node1:eth1 has a root qdisc htb 1: that netshell did not set: remove it first (tc"
                + " qdisc del dev eth1 root); nothing was changed", e.getMessage());
        assertThrows(BadInput.class, () -> LinkPlanner.impair(Endpoint.parse("node1:eth9"), node(false, DEFAULT_QDISC,
                ""), want(null, null, "1%", null, null)));
        assertThrows(BadInput.class, () -> LinkPlanner.impair(E, node(false, DEFAULT_QDISC, ""), Impairment.NONE));
    }

    @Test
    void aFlapIsOneStepOnTheNodeThatLeavesTheLinkUp() {
        Step flap = LinkPlanner.flap(List.of(E), node(false, DEFAULT_QDISC, ""), 200_000, 3);
        assertEquals(List.of("sh", "0.2", "3", "eth1"), flap.argv().subList(3, 7));
        assertTrue(flap.argv().get(2).contains("trap 'for d in \"$@\"; do ip link set dev \"$d\" up; done' EXIT"),
                flap.argv().get(2));
        assertEquals("sh -c for d in \"$@\"; do ip link set dev \"$d\" up; done sh eth1", String.join(" ",
                flap.undo().argv()));
        assertEquals(Set.of("links"), flap.touches());
    }

    @Test
    void stepsSayWhatTheyTouchSoTheJournalSnapshotsThatAlone() {
        for (Step s : LinkPlanner.impair(E, node(false, TBF_QDISC, NFT_LOSS), want(null, null, "5%", null, "2mbit")))
            assertTrue(Set.of(Set.of("tc"), Set.of("nft.inet.netshell_link")).contains(s.touches()), s.toString());
    }

    @Test
    void whatIsSetIsReadBackFromTcAndNft() {
        NodeLinks n = node(false, TBF_QDISC, NFT_LOSS);
        assertEquals("loss 10% rate 10mbit", n.impairment("eth1").text());
        NodeLinks netem = node(true, "qdisc netem 8001: dev eth1 root refcnt 2 limit 1000 delay 50ms  5ms loss 1%"
                + " corrupt 0.1% rate 10Mbit seed 4519436592519183612\n", "");
        assertEquals("delay 50ms jitter 5ms loss 1% corrupt 0.1% rate 10mbit", netem.impairment("eth1").text());
        assertEquals(List.of("limit", "1000", "delay", "50ms", "5ms", "loss", "1%", "corrupt", "0.1%", "rate",
                "10Mbit"), netem.qdisc("eth1").orElseThrow().args());
        assertEquals("-", n.impairment("lo").text());
    }

    @Test
    void unitsAreReadAsTcReadsThem() {
        assertEquals(new Impairment(50_000, 5_000, 10_000, 1_000, 10_000_000), want("50ms", "5ms", "1%", "0.1%",
                "10mbit"));
        assertEquals(8_000_000, Impairment.rate("1mbps"));
        assertEquals(1_500_000, Impairment.time("every", "1.5s"));
        assertEquals(100_000, Impairment.percent("loss", "10"));
        for (String[] bad : new String[][]{{"50", null, null, null, null}, {null, null, "101%", null, null},
                {null, null, null, null, "10mb"}, {null, "5ms", null, null, null}, {"5ms", "6ms", null, null, null},
                {null, null, "-1%", null, null}, {null, null, null, null, "1bit"}})
            assertThrows(BadInput.class, () -> want(bad[0], bad[1], bad[2], bad[3], bad[4]), String.join(",",
                    java.util.Arrays.stream(bad).map(String::valueOf).toList()));
    }

    @Test
    void directionsNameTheSendingEnd() {
        List<Endpoint> ends = List.of(E, Endpoint.parse("node2:eth1"));
        assertEquals(ends, LinkPlanner.senders(ends, null));
        assertEquals(List.of(E), LinkPlanner.senders(ends, "node1->node2"));
        assertEquals(List.of(ends.get(1)), LinkPlanner.senders(ends, "node2:eth1->node1"));
        assertEquals(List.of(ends.get(1)), LinkPlanner.senders(ends, "node2"));
        BadInput redirect = assertThrows(BadInput.class, () -> LinkPlanner.senders(ends, "node1-"));
        assertTrue(redirect.getMessage().contains("quote it"), redirect.getMessage());
        assertThrows(BadInput.class, () -> LinkPlanner.senders(ends, "node3->node1"));
        assertThrows(BadInput.class, () -> LinkPlanner.senders(ends, "node1->node1"));
        assertThrows(BadInput.class, () -> Endpoint.parse("node1"));
        assertThrows(BadInput.class, () -> Endpoint.parse("node1:eth1;reboot"));
    }

    @Test
    void twoEndsMustBeOneLinksEnds() {
        NodeLinks a = NodeLinks.of("node1", List.of(new Device("eth1", 2, 7, "veth", true, true, 1500)), "", "", false,
                Set.of());
        NodeLinks b = NodeLinks.of("node2", List.of(new Device("eth1", 7, 2, "veth", true, true, 1500),
                new Device("eth2", 9, 4, "veth", true, true, 1500)), "", "", false, Set.of());
        LinkPlanner.checkPeers(E, a, Endpoint.parse("node2:eth1"), b);
        assertThrows(BadInput.class, () -> LinkPlanner.checkPeers(E, a, Endpoint.parse("node2:eth2"), b));
        List<LinkView.Row> rows = LinkView.rows(List.of(a, b));
        assertEquals("node2:eth1", rows.get(0).peer());
        assertEquals("node1:eth1", rows.get(1).peer());
        assertEquals("-", rows.get(2).peer());
    }
}
