package netshell.lb.rules;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.core.BadInput;

/** IPv6 services: endpoints in brackets, /128 matches, ip6tables-restore and the nft ip6 table. */
class Ipv6RulesTest {
    private static final ServiceSpec V6 = new ServiceSpec(Endpoint.parse("[FD00:56:0::100]:80"), "tcp",
            List.of(Endpoint.parse("[fd00:10::41]:80"), Endpoint.parse("[fd00:10:0:0:0:0:0:42]:8080")));

    @Test
    void endpointsAreCanonicalAndBracketed() {
        assertEquals("fd00:56::100", V6.vip().address());
        assertEquals("[fd00:56::100]:80", V6.vip().toString());
        assertEquals(V6.vip(), Endpoint.parse(V6.vip().toString()));
        assertEquals("[fd00:56::100]:80/tcp", V6.key());
        assertEquals(128, V6.vip().hostBits());
    }

    @Test
    void iptablesTextMatchesTheHostAndDnatsToBracketedBackends() {
        String text = IptablesRules.restoreText(List.of(V6));
        assertTrue(text.contains("-A NETSHELL-SERVICES -d fd00:56::100/128 -p tcp"), text);
        assertTrue(text.contains("-j DNAT --to-destination [fd00:10::42]:8080"), text);
        assertTrue(text.contains("--ctorigdst fd00:56::100 --ctorigdstport 80 -j MASQUERADE"), text);
        assertEquals(List.of("ip6tables-restore", "-w", "--noflush"),
                IptablesRules.restoreStep(text, "why", true).argv());
        assertEquals("ip6tables", IptablesRules.jumpSteps(false, true).get(0).apply().argv().get(0));
        assertEquals("iptables", IptablesRules.jumpSteps(false).get(0).apply().argv().get(0));
    }

    @Test
    void nftScriptIsAnIp6Table() {
        String script = NftRules.scriptFor(List.of(V6));
        assertTrue(script.startsWith("table ip6 netshell {}\ndelete table ip6 netshell\ntable ip6 netshell {\n"),
                script);
        assertTrue(script.contains("ip6 daddr fd00:56::100 tcp dport 80 dnat ip6 to numgen random mod 2 map"
                + " { 0 : fd00:10::41 . 80, 1 : fd00:10::42 . 8080 }"), script);
        assertTrue(script.contains("ct status dnat ct original ip6 daddr fd00:56::100"), script);
        assertEquals("table ip6 netshell {}\ndelete table ip6 netshell\n", NftRules.deleteScript(true));
    }

    @Test
    void readBackFromCommentsKeepsTheFamily() {
        var c = ServiceComment.parse(IptablesRules.backendComment(V6, V6.backends().get(1))).orElseThrow();
        assertEquals(V6.vip(), c.vip());
        assertEquals(Endpoint.parse("[fd00:10::42]:8080"), c.backend());
    }

    @Test
    void mixedFamiliesAreRefused() {
        BadInput e = assertThrows(BadInput.class, () -> new ServiceSpec(Endpoint.parse("[fd00:56::100]:80"), "tcp",
                List.of(Endpoint.parse("10.0.0.2:80"))));
        assertEquals("mixed address families: fd00:56::100 is IPv6 but 10.0.0.2 is IPv4; a VIP and its backends"
                + " must be of one family", e.getMessage());
    }
}
