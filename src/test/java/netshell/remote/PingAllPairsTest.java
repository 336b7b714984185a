package netshell.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** pingall's pairs: every ordered pair once, in the endpoints' order; IPv6 twins only for dual-stack containers. */
class PingAllPairsTest {
    private static Endpoint container(String name, String v4, String v6) {
        return new Endpoint(name, null, v4, List.of("ip", "netns", "exec", "ns-" + name), true, v6);
    }

    private static List<String> rows(List<ReachCommands.Pair> pairs) {
        return pairs.stream().map(p -> p.network() + " " + p.from().name() + "→" + p.to().name() + " "
                + p.to().address()).toList();
    }

    @Test
    void everyOrderedPairOnceInTheEndpointsOrder() {
        var eps = List.of(container("c1", "10.0.0.65", null), container("c2", "10.0.0.129", null),
                container("c3", "10.0.0.193", null));
        assertEquals(List.of("overlay c1→c2 10.0.0.129", "overlay c1→c3 10.0.0.193", "overlay c2→c1 10.0.0.65",
                "overlay c2→c3 10.0.0.193", "overlay c3→c1 10.0.0.65", "overlay c3→c2 10.0.0.129"),
                rows(ReachCommands.pairs(eps, "overlay")));
        assertTrue(ReachCommands.pairs(eps.subList(0, 1), "overlay").isEmpty(), "one endpoint pings no one");
    }

    @Test
    void ipv4OnlyContainersHaveNoIpv6Twins() {
        assertEquals(Optional.empty(), container("c1", "10.0.0.65", null).overOverlay6());
    }

    @Test
    void dualStackContainersArePingedAtTheirIpv6AddressFromTheSameNamespace() {
        var eps = List.of(container("c1", "10.0.0.65", "fd00:10::41"), container("c2", "10.0.0.129", "fd00:10::81"),
                container("c3", "10.0.0.193", null));
        var six = eps.stream().map(Endpoint::overOverlay6).flatMap(Optional::stream).toList();
        assertEquals(List.of("overlay6 c1→c2 fd00:10::81", "overlay6 c2→c1 fd00:10::41"),
                rows(ReachCommands.pairs(six, "overlay6")));
        assertEquals(List.of("ip", "netns", "exec", "ns-c1"), six.get(0).enter());
    }
}
