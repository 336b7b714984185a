package netshell.remote.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import netshell.core.BadInput;

/** Golden argv: which words become addresses, and which stay as typed. */
class NameSubstitutionTest {
    static final Map<String, String> NODES = Map.of("node1", "192.168.56.10", "node2", "192.168.56.11");
    static final Map<String, String> CONTAINERS = Map.of("web1", "10.0.0.65", "web2", "10.0.0.129");

    static List<String> sub(List<String> argv, Set<Integer> quoted) {
        return NameSubstitution.apply(argv, quoted, NODES, CONTAINERS);
    }

    @Test
    void nodeNamesBecomeUnderlayAddresses() {
        assertEquals(List.of("ping", "-c", "1", "192.168.56.11"), sub(List.of("ping", "-c", "1", "node2"), Set.of()));
    }

    @Test
    void containerNamesBecomeOverlayAddresses() {
        assertEquals(List.of("traceroute", "-n", "10.0.0.129", "10.0.0.65"),
                sub(List.of("traceroute", "-n", "web2", "web1"), Set.of()));
    }

    /** A hostile node's container "address" never reaches the argv: node1 ssh web2 x would pass it on to ssh. */
    @Test
    void aValueThatIsNotAnAddressIsRefused() {
        Map<String, String> hostile = Map.of("web2", "-oProxyCommand=touch /tmp/x");
        BadInput e = assertThrows(BadInput.class,
                () -> NameSubstitution.apply(List.of("ssh", "web2", "x"), Set.of(), NODES, hostile));
        assertEquals("container web2 has the address '-oProxyCommand=touch /tmp/x', which is not an IP address; "
                + "refused", e.getMessage());
        assertThrows(BadInput.class, () -> NameSubstitution.apply(List.of("curl", "http://[web2]/"), Set.of(), NODES,
                Map.of("web2", "fd00::1 -o /etc/passwd")));
        assertThrows(BadInput.class, () -> NameSubstitution.apply(List.of("ping", "node3"), Set.of(),
                Map.of("node3", "-fhost"), CONTAINERS), "a node's host name may not be an option either");
        assertEquals(List.of("ping", "db1.example.com"), NameSubstitution.apply(List.of("ping", "node3"), Set.of(),
                Map.of("node3", "db1.example.com"), CONTAINERS), "an inventory's host name is fine");
    }

    @Test
    void quotedWordsStayAsTyped() {
        assertEquals(List.of("echo", "node2", "10.0.0.129"), sub(List.of("echo", "node2", "web2"), Set.of(1)));
    }

    @Test
    void namesInsideOtherWordsStayAsTyped() {
        List<String> argv = List.of("curl", "http://web2/", "node2:80", "node22", "xnode2", "--resolve=node2");
        assertEquals(argv, sub(argv, Set.of()));
    }

    @Test
    void unknownNamesAndTheProgramStayAsTyped() {
        assertEquals(List.of("node2", "node3", "web9", "10.0.0.65"),
                sub(List.of("node2", "node3", "web9", "web1"), Set.of()));
    }

    @Test
    void aNameOfBothANodeAndAContainerIsAnErrorNamingBoth() {
        BadInput e = assertThrows(BadInput.class, () -> NameSubstitution.apply(List.of("ping", "twin"), Set.of(),
                Map.of("twin", "192.168.56.12"), Map.of("twin", "10.0.0.66")));
        assertEquals("'twin' is both node twin (192.168.56.12) and container twin (10.0.0.66): write the address, "
                + "or --literal after the target", e.getMessage());
        // Quoted, it is nobody's name, so no error.
        assertEquals(List.of("ping", "twin"), NameSubstitution.apply(List.of("ping", "twin"), Set.of(1),
                Map.of("twin", "192.168.56.12"), Map.of("twin", "10.0.0.66")));
    }

    @Test
    void candidatesSkipTheProgramAndQuotedWords() {
        assertEquals(List.of("-c", "web2"),
                NameSubstitution.candidates(List.of("ping", "-c", "'x'", "web2"), Set.of(2)));
        assertTrue(NameSubstitution.couldBeContainer("web2"));
        assertFalse(NameSubstitution.couldBeContainer("-c"));
        assertFalse(NameSubstitution.couldBeContainer("10.0.0.1"));
        assertFalse(NameSubstitution.couldBeContainer("a/b"));
    }

    @Test
    void aCommandAsksForIpv6WithAnUnquotedDashSixOrAnIpv6Program() {
        assertTrue(NameSubstitution.wantsIpv6(List.of("ping", "-6", "-c", "1", "web2"), Set.of()));
        assertTrue(NameSubstitution.wantsIpv6(List.of("curl", "-s", "-6", "web2"), Set.of()));
        assertTrue(NameSubstitution.wantsIpv6(List.of("/usr/bin/ping6", "web2"), Set.of()));
        assertTrue(NameSubstitution.wantsIpv6(List.of("tracepath6", "node2"), Set.of()));
        assertFalse(NameSubstitution.wantsIpv6(List.of("ping", "-c", "6", "web2"), Set.of()));
        assertFalse(NameSubstitution.wantsIpv6(List.of("echo", "-6"), Set.of(1)), "quoted");
        assertFalse(NameSubstitution.wantsIpv6(List.of("ping", "-46", "web2"), Set.of()));
        assertFalse(NameSubstitution.wantsIpv6(List.of(), Set.of()));
    }

    @Test
    void aNameInAUrlsBracketsStandsForItsIpv6Address() {
        var argv = List.of("curl", "-g", "http://[web2]:8080/x?a=[1]", "http://[node2]/", "http://[web9]/",
                "http://[fd00::1]/", "http://web2/");
        assertTrue(NameSubstitution.wantsIpv6(argv, Set.of()));
        assertEquals(List.of("-g", "web2", "node2", "web9", "fd00::1", "http://web2/"),
                NameSubstitution.candidates(argv, Set.of()));
        assertEquals(List.of("curl", "-g", "http://[fd00:10::81]:8080/x?a=[1]", "http://[fd56::b]/", "http://[web9]/",
                "http://[fd00::1]/", "http://web2/"),
                NameSubstitution.apply(argv, Set.of(), Map.of("node2", "fd56::b"), Map.of("web2", "fd00:10::81")));
        // an IPv4 address never goes in brackets; a quoted URL stays as typed
        assertEquals(List.of("curl", "http://[web2]/"), NameSubstitution.apply(List.of("curl", "http://[web2]/"),
                Set.of(), Map.of(), Map.of("web2", "10.0.0.129")));
        assertFalse(NameSubstitution.wantsIpv6(List.of("curl", "http://[web2]/"), Set.of(1)));
    }
}
