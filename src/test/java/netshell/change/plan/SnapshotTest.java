package netshell.change.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** A snapshot's digests as the node prints them; a scoped one needs only the required groups it names. */
class SnapshotTest {
    static final String SCOPED = """
            group addresses 3 fde368e5a5876424265c04fc41e3d876
            group ipt4.nat~NETSHELL- 16 60c7896eff68bb96570afbbe7c4d2b32
            group sysctl 2 d9b5805dcd3abb6ec760eb0f95044e68
            """;

    @Test
    void aWholeSnapshotMissingLinksRoutesAndRulesIsPartial() {
        Snapshot s = Snapshot.parse("id", SCOPED);
        assertTrue(s.partial());
        assertEquals(List.of("links (ip -d -o link show)", "routes (ip route show table all)", "rules (ip rule show)"),
                s.missingRequired());
    }

    @Test
    void aScopedSnapshotNeedsOnlyTheRequiredGroupsOfItsScope() {
        Snapshot s = Snapshot.parse("id", SCOPED, Set.of("addresses", "ipt4.nat~NETSHELL-", "sysctl"));
        assertFalse(s.partial(), s.toString());
        assertEquals(new Snapshot.Group(16, "60c7896eff68bb96570afbbe7c4d2b32"), s.groups().get("ipt4.nat~NETSHELL-"));
        Snapshot routesMissing = Snapshot.parse("id", SCOPED, Set.of("addresses", "routes"));
        assertEquals(List.of("routes (ip route show table all)"), routesMissing.missingRequired());
    }

    @Test
    void aScopedTableReadsAsTheTable() {
        assertEquals("iptables nat", GroupDelta.displayName("ipt4.nat~NETSHELL-"));
        assertEquals("ip6tables filter", GroupDelta.displayName("ipt6.filter"));
    }
}
