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
                {"trace node1 [10.0.0.1]:80", "'[10.0.0.1]:80': brackets are for IPv6 addresses; write 10.0.0.1:80"},
                {"trace node1 [fd00::1:80", "'[fd00::1:80': no ']' closes the '['"},
                {"trace node1 [fd00::1]80", "after ']' comes ':PORT' or nothing"},
                {"trace node1 fd00::zz", "'fd00::zz': not an IPv6 address (one with a port is written"
                        + " [fd00:10::81]:80)"},
                {"trace node1 [fe80::1]:80", "a link-local address names a host on one link only"},
                {"trace node1 10.0.0.1 -6", "'10.0.0.1' is an IPv4 address, and --family 6 asks for IPv6: drop one"},
                {"trace node1 fd00::1 --family 4", "'fd00::1' is an IPv6 address, and --family 4 asks for IPv4"},
                {"trace node1 node2 --family 4 -6", "--family 4 and -6 ask for two families: give one"},
                {"trace 10.0.0.1 fd00::1", "'10.0.0.1' and 'fd00::1' are of two families: a packet has one"},
                {"trace node1:80 node2", "'node1:80': the sender takes no port (it is chosen)"},
                {"trace node1 [fd00::1]:80 --size 40", "size must be 48..65535, not 40"},
                {"trace node1 [fd00::1]:0", "'[fd00::1]:0': the port after ':' must be 1-65535"},
                {"trace node1 node2 --size 5", "size must be 28..65535, not 5"},
                {"trace node1 node2 --proto sctp", "sctp"},
                {"trace node1 node2 --simulate --pcap /tmp/x.pcapng", "--pcap writes the packets of a live probe"},
                {"trace node1 node2 --pcap -", "--pcap needs a file name"},
                {"trace node1 node2 --pcap /nonexistent-dir/x.pcapng", "no such directory /nonexistent-dir"},
                // A well-formed trace on a target with nothing to read (-6 is the flag, not a value).
                {"trace node1 node2", "a dry-run target has nothing to read"},
                {"trace node1 node2 -6", "a dry-run target has nothing to read"},
                {"trace node1 [fd00::1]:80", "a dry-run target has nothing to read"},
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
