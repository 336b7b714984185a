package netshell.lb.rules;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A backend calling its VIP: when the DNAT picks the caller itself (a hairpin) or the caller and the backend picked
 * are both on other nodes, its connection needs the VIP's address as source; every writer gives it that, before the
 * service's MASQUERADE.
 */
class HairpinRulesTest {
    private static final ServiceSpec V4 = new ServiceSpec(Endpoint.parse("192.168.56.100:80"), "tcp",
            List.of(Endpoint.parse("10.0.0.65:80"), Endpoint.parse("10.0.0.129:80"), Endpoint.parse("10.0.0.65:8080")));
    private static final ServiceSpec V6 = new ServiceSpec(Endpoint.parse("[fd56::100]:80"), "tcp",
            List.of(Endpoint.parse("[fd00:10::41]:80")));

    @Test
    void iptablesSourceNatsEachBackendAddressOnceBeforeTheMasquerade() {
        List<String> post = lines(IptablesRules.restoreText(List.of(V4)), "-A NETSHELL-POSTROUTING");
        String match = " -p tcp -m comment --comment netshell:192.168.56.100:80/tcp -m conntrack --ctstate DNAT"
                + " --ctorigdst 192.168.56.100 --ctorigdstport 80";
        assertEquals(List.of(
                "-A NETSHELL-POSTROUTING -s 10.0.0.65/32" + match
                        + " -j SNAT --to-source 192.168.56.100",
                "-A NETSHELL-POSTROUTING -s 10.0.0.129/32" + match
                        + " -j SNAT --to-source 192.168.56.100",
                "-A NETSHELL-POSTROUTING" + match + " -j MASQUERADE"), post);
    }

    @Test
    void ip6tablesUsesHostPrefixesAndTheVipAsSource() {
        assertEquals(List.of(
                "-A NETSHELL-POSTROUTING -s fd00:10::41/128 -p tcp -m comment --comment"
                        + " netshell:[fd56::100]:80/tcp -m conntrack --ctstate DNAT --ctorigdst fd56::100"
                        + " --ctorigdstport 80 -j SNAT --to-source fd56::100",
                "-A NETSHELL-POSTROUTING -p tcp -m comment --comment netshell:[fd56::100]:80/tcp -m conntrack"
                        + " --ctstate DNAT --ctorigdst fd56::100 --ctorigdstport 80 -j MASQUERADE"),
                lines(IptablesRules.restoreText(List.of(V6)), "-A NETSHELL-POSTROUTING"));
    }

    @Test
    void nftTableHasOneHairpinRuleAndAnElementPerBackendAddress() {
        String script = NftRules.scriptFor(List.of(V4));
        String snat = "\t\tct status dnat ct original ip daddr @vip_addrs ip saddr @hairpin"
                + " snat to ct original ip daddr\n";
        String masquerade = "\t\tct status dnat ct original ip daddr @vip_addrs masquerade\n";
        assertTrue(script.contains("\tset hairpin {\n\t\ttype ipv4_addr\n\t}\n"), script);
        assertTrue(script.contains(snat + masquerade), "the hairpin rule comes first: " + script);
        assertEquals(List.of("add element ip netshell hairpin { 10.0.0.65 }",
                "add element ip netshell hairpin { 10.0.0.129 }"),
                lines(script, "add element ip netshell hairpin"));
    }

    @Test
    void nftElementsOfABackendSharedByTwoVipsGoWithTheLastOfThem() {
        var other = new ServiceSpec(Endpoint.parse("192.168.56.101:80"), "tcp",
                List.of(Endpoint.parse("10.0.0.65:80")));
        assertEquals("", NftRules.updateScript(List.of(V4, other), List.of(V4, other)));
        String dropOther = NftRules.updateScript(List.of(V4, other), List.of(V4));
        assertFalse(dropOther.contains("hairpin"), "10.0.0.65 still serves the first VIP: " + dropOther);
        String dropAll = NftRules.updateScript(List.of(V4), List.of(other));
        assertEquals(List.of("delete element ip netshell hairpin { 10.0.0.129 }"),
                lines(dropAll, "delete element ip netshell hairpin"));
    }

    @Test
    void nftIp6TableSourceNatsTheHairpinToTheVip() {
        String script = NftRules.scriptFor(List.of(V6));
        String dnat = "ct status dnat ct original ip6 daddr fd56::100 ct protocol tcp ct original proto-dst 80";
        assertTrue(script.contains("\t\tip6 saddr fd00:10::41 " + dnat
                + " snat ip6 to fd56::100 comment \"netshell:[fd56::100]:80/tcp\"\n\t\t" + dnat + " masquerade"),
                script);
    }

    @Test
    void aTableWithoutTheHairpinSetIsWrittenAnewNotUpdated() {
        String old = "{\"nftables\": [{\"map\": {\"family\": \"ip\", \"name\": \"services\", \"table\": \"netshell\"}},"
                + " {\"set\": {\"family\": \"ip\", \"name\": \"vip_addrs\", \"table\": \"netshell\"}}]}";
        assertFalse(InstalledServices.nftHasServiceMap(old));
        String current = old.replace("]}", ", {\"set\": {\"family\": \"ip\", \"name\": \"hairpin\","
                + " \"table\": \"netshell\"}}]}");
        assertTrue(InstalledServices.nftHasServiceMap(current));
    }

    private static List<String> lines(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).toList();
    }
}
