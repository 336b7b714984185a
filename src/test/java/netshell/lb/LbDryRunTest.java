package netshell.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import netshell.command.Target;
import netshell.testing.TestShell;

/** On a dry-run target, lb add-vip shows what a fresh node gets: one restore, then the four jumps. */
class LbDryRunTest {
    @Test
    void showsTheRestoreAndEveryJump() {
        try (TestShell shell = TestShell.on(Target.dryRun(2))) {
            TestShell.Run r = shell
                    .run("lb add-vip 192.168.56.100:80 --backend 10.0.0.65:80 --backend 10.0.0.129:80 --no-address");
            assertEquals(0, r.status(), r.err());
            assertEquals(1, r.out().lines().filter(l -> l.startsWith("node1$ iptables-restore -w --noflush")).count(),
                    r.out());
            for (String hook : new String[]{"nat -I PREROUTING", "nat -I OUTPUT", "nat -I POSTROUTING",
                    "filter -I FORWARD"}) {
                assertTrue(
                        r.out().contains(
                                "node1$ iptables -w -t " + hook + " -m comment --comment netshell -j NETSHELL-"),
                        hook + ":\n" + r.out());
            }
            assertTrue(r.out().contains("--probability 0.5000000000"), r.out());
            assertTrue(!r.out().contains("node2$"), "the VIP goes on the first node only:\n" + r.out());
        }
    }
}
