package netshell.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import netshell.command.Target;
import netshell.testing.TestShell;

/** On a dry-run target an IPv6 VIP shows one ip6tables-restore and the four ip6tables jumps, and no IPv4 change. */
class LbIpv6DryRunTest {
    @Test
    void showsIp6tablesOnly() {
        try (TestShell shell = TestShell.on(Target.dryRun(2))) {
            TestShell.Run r = shell.run("lb add-vip [fd56::100]:80 --backend [fd00:10::41]:80"
                    + " --backend [fd00:10::42]:80 --no-address");
            assertEquals(0, r.status(), r.err());
            assertEquals(1, r.out().lines().filter(l -> l.startsWith("node1$ ip6tables-restore -w --noflush")).count(),
                    r.out());
            assertTrue(r.out().contains("node1$ sysctl -q -w net.ipv6.conf.all.forwarding=1"), r.out());
            for (String hook : new String[]{"nat -I PREROUTING", "nat -I OUTPUT", "nat -I POSTROUTING",
                    "filter -I FORWARD"}) {
                assertTrue(r.out().contains("node1$ ip6tables -w -t " + hook + " -m comment --comment netshell -j"),
                        hook + ":\n" + r.out());
            }
            assertFalse(r.out().contains("$ iptables-restore"), r.out());
            assertFalse(r.out().contains("net.ipv4.ip_forward"), r.out());

            TestShell.Run nft = shell.run("lb add-vip [fd56::110]:80 --mode nft --backend [fd00:10::41]:80");
            assertEquals(0, nft.status(), nft.err());
            assertTrue(nft.out().contains("node1$ ip addr replace fd56::110/128 dev eth1 nodad"), nft.out());
            assertTrue(nft.out().contains("nft -f -"), nft.out());
        }
    }
}
