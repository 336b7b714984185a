package netshell.lb.rules;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Reading services back from captured kernel output (counters edited in to be non-zero). */
class InstalledServicesTest {

    @Test
    void iptablesSaveWithCountersGivesSpecSharesAndCounters() {
        var services = InstalledServices.fromIptables(IptablesSave.parse(Golden.read("save-c-3-backends.txt")));
        assertEquals(1, services.size());
        InstalledService s = services.get(0);
        assertEquals(Golden.service(3), s.spec());
        assertEquals("iptables", s.mode());
        assertEquals(List.of(7L, 5L, 3L), s.backends().stream().map(InstalledService.Backend::packets).toList());
        assertEquals(List.of(420L, 300L, 180L), s.backends().stream().map(InstalledService.Backend::bytes).toList());
        s.backends().forEach(b -> assertEquals(1.0 / 3, b.share(), 1e-6, "kernel ladder gives even shares"));
        assertEquals(15, s.totalPackets());
    }

    @Test
    void foreignRulesAloneAreNoServices() {
        assertTrue(
                InstalledServices.fromIptables(IptablesSave.parse(Golden.read("save-with-foreign-rules.txt"))).stream()
                        .allMatch(s -> s.key().startsWith("192.168.10.10:80/")));
        assertEquals(List.of(), InstalledServices.fromIptables(IptablesSave.parse("*nat\n:PREROUTING ACCEPT [0:0]\n"
                + "-A PREROUTING -p tcp --dport 22 -j DNAT --to-destination 10.9.0.5:22\nCOMMIT\n")));
    }

    @Test
    void nftJsonGivesSpecEvenSharesAndCounters() {
        var services = InstalledServices.fromNftJson(Golden.read("nft-3-backends.json"));
        assertEquals(1, services.size());
        InstalledService s = services.get(0);
        assertEquals(Golden.service(3), s.spec());
        assertEquals("nft", s.mode());
        assertEquals(List.of(7L, 5L, 3L), s.backends().stream().map(InstalledService.Backend::packets).toList());
        assertEquals(List.of(420L, 300L, 180L), s.backends().stream().map(InstalledService.Backend::bytes).toList());
        s.backends().forEach(b -> assertEquals(1.0 / 3, b.share(), 1e-9));
    }

    @Test
    void noTableIsNoServicesAndGarbageIsAnError() {
        assertEquals(List.of(), InstalledServices.fromNftJson(""));
        assertThrows(IllegalStateException.class, () -> InstalledServices.fromNftJson("{not json"));
        assertThrows(IllegalStateException.class, () -> InstalledServices.fromNftJson("[]"));
    }

    @Test
    void serviceCommentsParseOursOnly() {
        var backend = ServiceComment.parse("netshell:192.168.10.10:80/tcp -> 10.0.0.4:8080").orElseThrow();
        assertEquals("192.168.10.10:80/tcp", backend.key());
        assertEquals(Endpoint.parse("10.0.0.4:8080"), backend.backend());
        assertNull(ServiceComment.parse("netshell:192.168.10.10:53/udp").orElseThrow().backend());
        for (String other : new String[]{null, "netshell", "foreign dnat", "netshell:1.2.3.4:80/sctp",
                "netshell:1.2.3.4:0/tcp", "netshell:x/tcp"}) {
            assertTrue(ServiceComment.parse(other).isEmpty(), String.valueOf(other));
        }
    }
}
