package netshell.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;
import netshell.trace.plan.Drop;
import netshell.trace.plan.Hop;

/**
 * trace through nftables' own tables on a real two-node lab (overlay 10.0.0.0/24, web1 10.0.0.65 on node1, web2
 * 10.0.0.129 on node2, VIP 10.0.0.100:80 on node1 over both in {@code lb --mode nft}'s {@code table ip netshell}):
 * the VIP's verdict map and numgen simulated as one DNAT branch per backend, and a user's own {@code table inet
 * userfw}, made by hand with nft, dropping web2 in forward: named by table, chain and rule, in the simulation and
 * live alike.
 */
@NeedsRoot
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceNftLabTest {
    private TestShell sh;

    @BeforeAll
    void lab() {
        sh = TestShell.lab("nsnft", 2);
        ok("overlay create 10.0.0.0/24");
        ok("container run web1 --on node1");
        ok("container run web2 --on node2");
        ok("lb add-vip 10.0.0.100:80 --backend 10.0.0.65:80 --backend 10.0.0.129:80 --on node1 --mode nft");
    }

    @AfterAll
    void down() {
        if (sh != null) sh.close();
    }

    @Test
    void aVipInAnNftTableIsDnattedToEachBackend() throws Exception {
        assertEquals(0, sh.node("node1").run("curl", "-s", "-m", "3", "-o", "/dev/null", "http://10.0.0.100/")
                .exit(), "the VIP answers");
        TraceReport t = trace("trace web1 10.0.0.100:80 --simulate");
        assertEquals("ALLOWED", t.verdict(), t.text());
        assertTrue(t.hops().stream().noneMatch(Hop::dropped), t.text());
        for (String backend : List.of("10.0.0.65:80", "10.0.0.129:80")) {
            assertTrue(t.hops().stream().anyMatch(h -> ("backend " + backend).equals(h.branch())
                    && h.at().equals("node1") && h.phase().equals("NAT")
                    && h.detail().startsWith("DNAT tcp 10.0.0.65:40000 → 10.0.0.100:80 to " + backend + " by nft ip"
                            + " netshell sep-")
                    && h.detail().endsWith("chosen at random for 50.0% of connections")), t.text());
        }
        assertTrue(t.hops().stream().anyMatch(h -> "backend 10.0.0.129:80".equals(h.branch())
                && h.at().equals("web2 on node2") && h.phase().equals("DELIVER")), t.text());
        assertTrue(t.notes().stream().noneMatch(n -> n.contains("not simulated")), t.notes().toString());
    }

    @Test
    void aUsersOwnForwardDropIsNamedTheSameSimulatedAndLive() throws Exception {
        nft("add", "table", "inet", "userfw");
        try {
            nft("add", "chain", "inet", "userfw", "forward", "{ type filter hook forward priority 0; policy accept; }");
            nft("add", "rule", "inet", "userfw", "forward", "ct", "state", "established,related", "accept");
            nft("add", "rule", "inet", "userfw", "forward", "ip", "daddr", "10.0.0.129", "drop");
            assertFalse(reaches("web1", "curl -s -m 2 -o /dev/null http://10.0.0.129/"), "the rule drops");
            String handle = sh.sh("node2", "nft", "-a", "list", "chain", "inet", "userfw", "forward").stdout().lines()
                    .filter(l -> l.contains("ip daddr 10.0.0.129 drop")).map(l -> l.replaceAll(".*# handle ", ""))
                    .findFirst().orElseThrow();
            String rule = "nft inet userfw forward rule 2: ip daddr 10.0.0.129 drop # handle " + handle;

            TraceReport sim = trace("trace web1 web2:80 --simulate");
            Drop d = TraceAsserts.droppedAt(sim, "node2", "FILTER", rule);
            assertEquals("node2 nft list chain inet userfw forward -a", d.command());

            TraceReport live = trace("trace web1 web2:80");
            Drop l = TraceAsserts.droppedAt(live, "node2", "FILTER", rule, "(nft trace: verdict drop)");
            assertEquals(d.command(), l.command());
            TraceAsserts.liveAt(live, "node2", "FILTER");
            assertTrue(live.notes().stream().noneMatch(n -> n.contains("disagree")), live.text());
        } finally {
            nft("delete", "table", "inet", "userfw");
        }
        assertTrue(reaches("web1", "curl -s -m 3 -o /dev/null http://10.0.0.129/"), "web2 answers again");
    }

    private TraceReport trace(String line) throws Exception {
        return (TraceReport) sh.invoke(line);
    }

    private void nft(String... words) {
        String[] argv = new String[words.length + 1];
        argv[0] = "nft";
        System.arraycopy(words, 0, argv, 1, words.length);
        sh.sh("node2", argv);
    }

    private boolean reaches(String container, String command) {
        return sh.run("container exec " + container + " " + command).status() == 0;
    }

    private void ok(String line) {
        TestShell.Run r = sh.run(line);
        assertEquals(0, r.status(), line + " → " + r.out() + r.err());
    }
}
