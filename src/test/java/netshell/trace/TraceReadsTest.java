package netshell.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** How trace reads a container, and nftables' ruleset on a node. */
class TraceReadsTest {
    @Test
    void aNamedNamespaceIsReadByIpAndSsThemselves() {
        List<String> netns = List.of("ip", "netns", "exec", "lab-node1-web1");
        assertEquals(List.of("ip", "-n", "lab-node1-web1", "-j", "addr"),
                TraceReads.inside(netns, List.of("ip", "-j", "addr")));
        assertEquals(List.of("ss", "-N", "lab-node1-web1", "-Hltun"), TraceReads.inside(netns, List.of("ss",
                "-Hltun")));
        List<String> docker = List.of("nsenter", "-t", "4242", "-n");
        assertEquals(List.of("nsenter", "-t", "4242", "-n", "ip", "-j", "addr"),
                TraceReads.inside(docker, List.of("ip", "-j", "addr")));
    }

    @Test
    void nftablesRulesetIsReadInTheSameRoundTripAndNothingFailsWithoutNft() {
        List<String> nft = TraceReads.NODE.get("nft");
        assertEquals(List.of("sh", "-c", TraceReads.NFT_TABLES), nft);
        assertTrue(TraceReads.NFT_TABLES.startsWith("nft list tables 2>/dev/null | "), TraceReads.NFT_TABLES);
        // iptables-nft's tables are read through iptables-save only, and the trace's own table not at all.
        for (String skipped : List.of("ip:filter", "ip:nat", "ip6:filter", "*:netshell_trace_*"))
            assertTrue(TraceReads.NFT_TABLES.contains(skipped), skipped);
        assertEquals(null, TraceReads.CONTAINER.get("nft"), "a container's own nft is not read");
    }
}
