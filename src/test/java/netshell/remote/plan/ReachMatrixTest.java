package netshell.remote.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Golden matrix text and summaries. */
class ReachMatrixTest {
    static Probe ok(String from, String to, String net, double rtt) {
        return new Probe(from, to, net, "a", true, rtt);
    }

    static Probe lost(String from, String to, String net) {
        return new Probe(from, to, net, "a", false, null);
    }

    @Test
    void allReachableMatrixPerNetworkAndSummary() {
        List<Probe> probes = List.of(ok("node1", "node2", "underlay", 0.054), ok("node2", "node1", "underlay", 12.6),
                ok("web1", "web2", "overlay", 0.1), ok("web2", "web1", "overlay", 0.125));
        assertEquals("""
                underlay (ms)  node1  node2
                node1          ·      ✓ 0.05
                node2          ✓ 13   ·
                overlay (ms)  web1    web2
                web1          ·       ✓ 0.10
                web2          ✓ 0.13  ·
                4/4 reachable""", ReachMatrix.text(probes));
    }

    @Test
    void droppedPairsAreCrossedAndNamed() {
        List<Probe> probes = new ArrayList<>();
        for (String from : List.of("web1", "web2", "web3")) {
            for (String to : List.of("web1", "web2", "web3")) {
                if (from.equals(to)) continue;
                boolean touches3 = from.equals("web3") || to.equals("web3");
                probes.add(touches3 ? lost(from, to, "overlay") : ok(from, to, "overlay", 0.2));
            }
        }
        assertEquals("""
                overlay (ms)  web1    web2    web3
                web1          ·       ✓ 0.20  ✗
                web2          ✓ 0.20  ·       ✗
                web3          ✗       ✗       ·
                4 of 6 pairs dropped: web1→web3, web2→web3, web3→web1, web3→web2""", ReachMatrix.text(probes));
    }

    @Test
    void summaryListsAtMostEightPairs() {
        List<Probe> probes = new ArrayList<>();
        for (int i = 0; i < 10; i++) probes.add(lost("a" + i, "b", "underlay"));
        probes.add(ok("b", "a0", "underlay", 1));
        assertEquals("10 of 11 pairs dropped: a0→b, a1→b, a2→b, a3→b, a4→b, a5→b, a6→b, a7→b, …",
                ReachMatrix.summary(probes));
        assertEquals("12/12 reachable", ReachMatrix.summary(Collections.nCopies(12, ok("x", "y", "u", 1))));
    }
}
