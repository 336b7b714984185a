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
        assertTrue(script.contains("ip daddr . meta l4proto . th dport vmap @services"), script);
        assertTrue(script.matches("(?s).*numgen random mod 2 vmap \\{ 0 : jump sep-\\w+, 1 : jump sep-\\w+ }.*"),
                script);
    }

    @Test
    void udpServiceMatchesUdp() {
        var udp = new ServiceSpec(Endpoint.parse("192.168.10.10:53"), "udp", List.of(Endpoint.parse("10.0.0.2:53")));
        String script = NftRules.scriptFor(List.of(udp));
        assertTrue(script.contains("meta l4proto udp counter dnat to 10.0.0.2:53"), script);
        assertTrue(script.contains("add element ip netshell services { 192.168.10.10 . udp . 53 : jump svc-"), script);
    }

    @Test
    void deleteScriptWorksWhetherOrNotTheTableExists() {
        assertEquals("table ip netshell {}\ndelete table ip netshell\n", NftRules.deleteScript());
        assertEquals(List.of("nft", "-f", "-"), NftRules.applyStep("x", "why").argv());
    }

    @Test
    void updatesAreElementsAndChainsOfTheServicesThatChange() {
        var other = new ServiceSpec(Endpoint.parse("192.168.10.11:80"), "tcp", List.of(Endpoint.parse("10.0.0.9:80")));
        var two = Golden.service(2);
        var three = Golden.service(3);
        assertEquals("", NftRules.updateScript(List.of(two, other), List.of(two, other)), "nothing to change");
        String add = NftRules.updateScript(List.of(two, other), List.of(three, other));
        String newChain = NftRules.backendChain(three, Endpoint.parse("10.0.0.4:8080"));
        assertEquals("add chain ip netshell " + newChain + "\n"
                + "add rule ip netshell " + newChain + " meta l4proto tcp counter dnat to 10.0.0.4:8080 comment"
                + " \"netshell:192.168.10.10:80/tcp -> 10.0.0.4:8080\"\n"
                + "flush chain ip netshell " + NftRules.serviceChain(three) + "\n",
                add.substring(0,
                        add.indexOf("add rule ip netshell svc-")));
        assertFalse(add.contains(NftRules.serviceChain(other)), "the other VIP is not touched: " + add);
        assertFalse(add.contains("delete table"), add);
        String drop = NftRules.updateScript(List.of(three, other), List.of(three));
        assertEquals("delete element ip netshell services { 192.168.10.11 . tcp . 80 }\n"
                + "delete chain ip netshell " + NftRules.serviceChain(other) + "\n"
                + "delete chain ip netshell " + NftRules.backendChain(other, Endpoint.parse("10.0.0.9:80")) + "\n"
                + "delete element ip netshell vip_addrs { 192.168.10.11 }\n"
                + "delete element ip netshell hairpin { 10.0.0.9 }\n", drop);
        assertTrue(add.endsWith("add element ip netshell hairpin { 10.0.0.4 }\n"), add);
    }

    @Test
    void rejectsTheSameServiceTwice() {
        assertThrows(BadInput.class, () -> NftRules.scriptFor(List.of(Golden.service(1), Golden.service(3))));
    }
}
