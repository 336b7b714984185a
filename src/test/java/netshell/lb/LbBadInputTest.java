package netshell.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import netshell.command.Target;
import netshell.testing.TestShell;

/** VIPs and backends that cannot work are refused in one line, exit 2, before anything is read or changed. */
class LbBadInputTest {
    @Test
    void addressesThatAreNotOneUnicastHostAreRefused() {
        String[][] cases = {
                {"lb add-vip 255.255.255.255:80 --backend 10.0.0.65:80",
                        "VIP 255.255.255.255:80: 255.255.255.255 is the limited broadcast address"},
                {"lb add-vip 224.0.0.1:80 --backend 10.0.0.65:80", "VIP 224.0.0.1:80: 224.0.0.1 is multicast"},
                {"lb add-vip [ff02::1]:80 --backend [fd00::41]:80", "VIP [ff02::1]:80: ff02::1 is multicast"},
                {"lb add-vip [::ffff:192.168.56.100]:80 --backend [fd00::41]:80", "is IPv4-mapped"},
                {"lb add-vip 192.168.56.100:80 --backend 127.0.0.1:80",
                        "backend 127.0.0.1:80: 127.0.0.1 is loopback (127.0.0.0/8); a backend must be"},
                {"lb add-backend 192.168.56.100:80 224.0.0.5:80", "backend 224.0.0.5:80: 224.0.0.5 is multicast"},
        };
        try (TestShell shell = TestShell.on(Target.dryRun(2))) {
            for (String[] c : cases) {
                TestShell.Run r = shell.run(c[0]);
                assertEquals(2, r.status(), c[0] + " → " + r.err());
                assertTrue(r.err().contains(c[1]), c[0] + " → " + r.err());
                assertEquals(1, r.err().strip().lines().count(), r.err());
                assertEquals("", r.out(), "nothing planned");
            }
        }
    }

    @Test
    void aVipOnTheNodesOwnSshEndpointNeedsForce() {
        try (TestShell shell = TestShell.on(Target.dryRun(2))) {
            TestShell.Run r = shell.run("lb add-vip 192.168.56.10:22 --backend 10.0.0.65:22");
            assertEquals(2, r.status(), r.err());
            assertEquals("netshell: lb add-vip: 192.168.56.10:22 is node1's own SSH endpoint: the VIP's DNAT would "
                    + "send every SSH connection to node1 (netshell's too) to the backends; --force to do it anyway",
                    r.err().strip());
            assertEquals("", r.out());
            TestShell.Run forced = shell.run("lb add-vip 192.168.56.10:22 --backend 10.0.0.65:22 --force");
            assertEquals(0, forced.status(), forced.err());
            assertTrue(forced.out().contains("node1$ iptables-restore"), forced.out());
            assertEquals(0, shell.run("lb add-vip 192.168.56.10:80 --backend 10.0.0.65:80").status(),
                    "another port of the node's address is not its SSH");
        }
    }
}
