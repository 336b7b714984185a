package netshell.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import netshell.core.Step;

/**
 * What a change is snapshotted by: the union of what its steps say they touch, or everything as soon as one step
 * does not say (a raw command could change anything); the group names reach the node only as checked words.
 */
class ChangeScopeTest {
    private static final Step VIP = Step.of("vip", "ip", "addr", "replace", "10.0.0.1/32", "dev", "eth1")
            .touching("addresses");
    private static final Step RULES = Step.withInput("rules", "*nat\nCOMMIT\n", "iptables-restore", "--noflush")
            .touching("ipt4.nat~NETSHELL-", "ipt4.filter~NETSHELL-");

    @Test
    void stepsThatSayWhatTheyTouchAreSnapshottedByThatAlone() {
        assertEquals(Set.of("addresses", "ipt4.filter~NETSHELL-", "ipt4.nat~NETSHELL-"),
                SafeChanges.scope(List.of(VIP, RULES)));
    }

    @Test
    void oneStepThatDoesNotSayMeansEverything() {
        Step raw = Step.of("as typed", "iptables", "-F");
        assertNull(raw.touches());
        assertEquals(Set.of(), SafeChanges.scope(List.of(VIP, raw, RULES)));
    }

    @Test
    void anUndoTouchesWhatItsStepTouches() {
        Step s = Step.of("on", "sysctl", "-w", "net.ipv4.ip_forward=1")
                .undoneBy(Step.of("off", "sysctl", "-w", "net.ipv4.ip_forward=0")).touching("sysctl");
        assertEquals(Set.of("sysctl"), s.undo().touches());
        assertEquals(Set.of("sysctl"), s.undoneBy(s.undo()).touches(), "undoneBy keeps what the step touches");
    }

    @Test
    void groupNamesReachTheNodeOnlyAsCheckedWords() {
        List<String> take = StateScript.take("20261206T000000Z-abcd1234", List.of("sysctl", "ipt4.nat~NETSHELL-"));
        assertTrue(take.get(2).endsWith("ns_take \"$NS_SNAP/$1\" ipt4.nat~NETSHELL- sysctl"), take.get(2));
        for (String bad : List.of("routes; touch /tmp/x", "ipt4.nat~$(id)", "a b", "../x", ""))
            assertThrows(IllegalArgumentException.class, () -> StateScript.take("id1", List.of(bad)), bad);
    }
}
