package netshell.lb.rules;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import netshell.core.BadInput;

class NftRulesTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void scriptMatchesGolden(int backends) {
        assertEquals(Golden.read("nft-" + backends + "-backends.nft"),
                NftRules.scriptFor(List.of(Golden.service(backends))));
    }

    @Test
    void scriptReplacesTheWholeTableInOneTransaction() {
        String script = NftRules.scriptFor(List.of(Golden.service(2)));
        assertTrue(script.startsWith("table ip netshell {}\ndelete table ip netshell\ntable ip netshell {\n"), script);
        assertTrue(script.contains("numgen random mod 2 map { 0 : 10.0.0.2 . 80, 1 : 10.0.0.3 . 80 }"), script);
    }

    @Test
    void udpServiceMatchesUdp() {
        var udp = new ServiceSpec(Endpoint.parse("192.168.10.10:53"), "udp", List.of(Endpoint.parse("10.0.0.2:53")));
        String script = NftRules.scriptFor(List.of(udp));
        assertTrue(script.contains("ip daddr 192.168.10.10 udp dport 53 dnat ip to 10.0.0.2:53"), script);
        assertTrue(script.contains("ct protocol udp ct original proto-dst 53 accept"), script);
    }

    @Test
    void deleteScriptWorksWhetherOrNotTheTableExists() {
        assertEquals("table ip netshell {}\ndelete table ip netshell\n", NftRules.deleteScript());
        assertEquals(List.of("nft", "-f", "-"), NftRules.applyStep("x", "why").argv());
    }

    @Test
    void rejectsTheSameServiceTwice() {
        assertThrows(BadInput.class, () -> NftRules.scriptFor(List.of(Golden.service(1), Golden.service(3))));
    }
}
