package netshell.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import netshell.remote.plan.Probe;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/** pingall where there is IPv6 too: the same pairs again over the IPv6 underlay and overlay (real kernel, as root). */
@NeedsRoot
class PingAllDualStackLabTest {
    @Test
    @SuppressWarnings("unchecked")
    void everyPairIsPingedInBothFamilies() throws Exception {
        try (TestShell sh = TestShell.lab("pq6", 2, true)) {
            assertEquals(0, sh.run("overlay create 10.0.0.0/24 --ipv6 fd00:10::/64").status());
            assertEquals(0, sh.run("container run c1 --on node1").status());
            assertEquals(0, sh.run("container run c2 --on node2").status());
            List<Probe> probes = ((ReachCommands.PingAll) sh.invoke("pingall")).probes();
            assertEquals(List.of("underlay", "underlay", "underlay6", "underlay6", "overlay", "overlay", "overlay6",
                    "overlay6"), probes.stream().map(Probe::network).toList());
            assertTrue(probes.stream().allMatch(Probe::ok), probes.toString());
            assertEquals(Set.of("192.168.56.10", "192.168.56.11", "fd56::a", "fd56::b", "10.0.0.65", "10.0.0.129",
                    "fd00:10::41", "fd00:10::81"), probes.stream().map(Probe::address).collect(Collectors.toSet()));

            // --family picks one of the two
            assertEquals(List.of("underlay6", "underlay6", "overlay6", "overlay6"),
                    ((ReachCommands.PingAll) sh.invoke("pingall --family 6")).probes().stream().map(Probe::network)
                            .toList());
            assertEquals(List.of("overlay", "overlay"),
                    ((ReachCommands.PingAll) sh.invoke("pingall --overlay --family 4"))
                            .probes().stream().map(Probe::network).toList());
            TestShell.Run bad = sh.run("pingall --family 5");
            assertEquals(2, bad.status(), bad.out() + bad.err());
            assertTrue(bad.err().contains("--family must be one of 4, 6"), bad.err());

            // after -6 names stand for IPv6 addresses: node2's underlay, c2's overlay
            String out = sh.run("node1 ping -6 -c 1 -W 2 node2").out();
            assertTrue(out.contains("from fd56::b"), out);
            out = sh.run("node1 ping -6 -c 1 -W 2 c2").out();
            assertTrue(out.contains("from fd00:10::81"), out);
            assertEquals("node1| http://[fd00:10::81]:80/ fd00:10::81\n",
                    sh.run("node1 echo http://[c2]:80/ c2").out());
            out = sh.run("node1 ping -c 1 -W 2 c2").out();
            assertTrue(out.contains("from 10.0.0.129"), out);

            // a container that drops IPv6 shows as the one dropped pair of its family
            sh.sh("node2", "ip", "netns", "exec", sh.lab().name() + "-node2-c2", "ip6tables", "-A", "INPUT", "-p",
                    "ipv6-icmp", "--icmpv6-type", "echo-request", "-j", "DROP");
            TestShell.Run r = sh.run("pingall --overlay");
            assertEquals(1, r.status(), r.out() + r.err());
            assertTrue(r.out().contains("1 of 4 pairs dropped: c1→c2"), r.out());
        }
    }
}
