package netshell.remote.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The probe plan of the DF binary search, against paths of known MTU. */
class MtuSearchTest {
    /** The sizes probed and the answer on a path whose MTU is {@code mtu}. */
    static List<Integer> plan(int mtu) {
        return plan(MtuSearch.start(), mtu);
    }

    static List<Integer> plan(MtuSearch start, int mtu) {
        List<Integer> probed = new ArrayList<>();
        MtuSearch s = start;
        while (!s.done()) {
            int size = s.next();
            probed.add(size);
            s = s.after(size, size <= mtu);
        }
        probed.add(s.crosses());
        return probed;
    }

    @Test
    void vxlanOverlayFinds1450InSixteenProbes() {
        assertEquals(List.of(32802, 16435, 8251, 4159, 2113, 1090, 1601, 1345, 1473, 1409, 1441, 1457, 1449, 1453,
                1451, 1450, 1450), plan(1450));
    }

    @Test
    void aKnownFirstHopBoundsTheSearch() {
        // Container eth0 at 1450 on a path that carries 1450: no probe is lost (each lost one costs a timeout).
        assertEquals(List.of(759, 1105, 1278, 1364, 1407, 1429, 1440, 1445, 1448, 1449, 1450, 1450),
                plan(MtuSearch.below(1450), 1450));
        // eth0 left at 1500 over a VXLAN that carries 1450 (the walkthrough's mistake): found all the same.
        List<Integer> narrower = plan(MtuSearch.below(1500), 1450);
        assertEquals(1450, narrower.get(narrower.size() - 1), narrower.toString());
        assertEquals(new MtuSearch(68, 65536), MtuSearch.below(40));
    }

    @Test
    void everyMtuIsFound() {
        for (int mtu : new int[]{68, 69, 576, 1280, 1450, 1500, 9000, 65535}) {
            List<Integer> p = plan(mtu);
            assertEquals(mtu, p.get(p.size() - 1), "mtu " + mtu);
            assertTrue(p.size() <= 17, "at most 16 probes for " + mtu + ": " + p);
        }
    }

    @Test
    void pingSendsThePayloadOfThePacketSize() {
        assertEquals(List.of("ping", "-n", "-c", "1", "-W", "1", "-M", "do", "-s", "1422", "10.0.0.129"),
                PingOutput.dontFragmentArgv("10.0.0.129", 1450, 1));
    }
}
