package netshell.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** How trace reads a container, and which nftables tables it says it does not simulate. */
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
    void iptablesNftTablesAreReadByIptablesSaveTheOthersAreNamed() {
        String tables = """
                table ip filter
                table ip nat
                table ip6 filter
                table ip netshell
                table inet fw
                """;
        assertEquals(List.of("table ip netshell", "table inet fw"), TraceReads.nativeTables(tables));
        assertEquals(List.of(), TraceReads.nativeTables(""));
    }
}
