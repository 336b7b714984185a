package netshell.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import netshell.command.Target;
import netshell.testing.TestShell;

/** Ends and probes that cannot be traced are refused in one line, exit 2, before any node is read. */
class TraceBadInputTest {
    @Test
    void badEndsAndProbesAreOneLine() {
        String[][] cases = {
                {"trace node1 node2:abc", "'node2:abc': the port after ':' must be 1-65535"},
                {"trace node1 node2:0", "'node2:0': the port after ':' must be 1-65535"},
                {"trace node1 node2:80 --proto icmp", "icmp has no port: drop ':80' or choose --proto tcp|udp"},
                {"trace node1 node2 --proto udp", "udp needs a port: node2:PORT"},
                {"trace node1 [fd00::1]:80", "IPv6 is not traced yet"},
                {"trace node1 node2 --size 5", "size must be 28..65535, not 5"},
                {"trace node1 node2 --proto sctp", "sctp"},
                {"trace node1 node2 --simulate --pcap /tmp/x.pcapng", "--pcap writes the packets of a live probe"},
                {"trace node1 node2 --pcap -", "--pcap needs a file name"},
                {"trace node1 node2 --pcap /nonexistent-dir/x.pcapng", "no such directory /nonexistent-dir"},
                // A well-formed trace on a target with nothing to read.
                {"trace node1 node2", "a dry-run target has nothing to read"},
        };
        try (TestShell shell = TestShell.on(Target.dryRun(2))) {
            for (String[] c : cases) {
                TestShell.Run r = shell.run(c[0]);
                assertEquals(2, r.status(), c[0] + " → " + r.err());
                assertTrue(r.err().contains(c[1]), c[0] + " → " + r.err());
                assertEquals(1, r.err().strip().lines().count(), r.err());
                assertEquals("", r.out());
            }
        }
    }
}
