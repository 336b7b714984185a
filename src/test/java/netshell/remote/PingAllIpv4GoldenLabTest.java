package netshell.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/**
 * pingall on an IPv4-only lab prints what it printed before IPv6 was added: the goldens are the output of the build
 * before dual-stack pingall (3 nodes, 3 containers), with round trips as N and runs of spaces as one.
 */
@NeedsRoot
class PingAllIpv4GoldenLabTest {
    private static final String TEXT = """
            underlay (ms) node1 node2 node3
            node1 · ✓ N ✓ N
            node2 ✓ N · ✓ N
            node3 ✓ N ✓ N ·
            overlay (ms) c1 c2 c3
            c1 · ✓ N ✓ N
            c2 ✓ N · ✓ N
            c3 ✓ N ✓ N ·
            12/12 reachable
            """;

    private static final String JSON = "["
            + pair("node1", "node2", "underlay", "192.168.56.11") + "," + pair("node1", "node3", "underlay",
                    "192.168.56.12")
            + "," + pair("node2", "node1", "underlay", "192.168.56.10") + "," + pair("node2", "node3", "underlay",
                    "192.168.56.12")
            + "," + pair("node3", "node1", "underlay", "192.168.56.10") + "," + pair("node3", "node2", "underlay",
                    "192.168.56.11")
            + "," + pair("c1", "c2", "overlay", "10.0.0.129") + "," + pair("c1", "c3", "overlay", "10.0.0.193") + ","
            + pair("c2", "c1", "overlay", "10.0.0.65") + "," + pair("c2", "c3", "overlay", "10.0.0.193") + ","
            + pair("c3", "c1", "overlay", "10.0.0.65") + "," + pair("c3", "c2", "overlay", "10.0.0.129") + "]";

    private static String pair(String from, String to, String network, String address) {
        return "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"network\":\"" + network + "\",\"address\":\""
                + address + "\",\"ok\":true,\"rttMs\":N}";
    }

    @Test
    void ipv4OnlyOutputIsUnchanged() throws Exception {
        try (TestShell sh = TestShell.lab("pq4", 3)) {
            assertEquals(0, sh.run("overlay create 10.0.0.0/24").status());
            for (int i = 1; i <= 3; i++) assertEquals(0, sh.run("container run c" + i + " --on node" + i).status());
            TestShell.Run text = sh.run("pingall");
            assertEquals(0, text.status(), text.out() + text.err());
            assertEquals(TEXT, text.out().replaceAll("\\d+\\.\\d+", "N").replaceAll(" +", " "));
            TestShell.Run json = sh.run("pingall --json");
            assertEquals(0, json.status(), json.out() + json.err());
            assertEquals(JSON, json.out().replaceAll("\\s+", "").replaceAll("\"rttMs\":[0-9.]+", "\"rttMs\":N"));
            TestShell.Run six = sh.run("pingall --family 6");
            assertEquals(2, six.status(), six.out() + six.err());
            assertTrue(six.err().contains("fewer than two IPv6 addresses"), six.err());
        }
    }
}
