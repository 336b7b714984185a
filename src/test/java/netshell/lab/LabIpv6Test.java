package netshell.lab;

import static org.junit.jupiter.api.Assertions.*;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import netshell.app.Commands;
import netshell.command.Target;
import netshell.node.LocalNode;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/** `lab up --ipv6`: the fd56::/64 underlay beside 192.168.56.0/24, usable at once, idempotent, gone with the lab. */
@NeedsRoot
class LabIpv6Test {
    private final LocalNode host = new LocalNode("localhost");

    @Test
    void ipv6UnderlayBesideIpv4() {
        String name = "ns14-" + UUID.randomUUID().toString().substring(0, 6);
        try (TestShell sh = TestShell.on(Target.dryRun(1), Commands.registry())) {
            try {
                for (int round = 0; round < 2; round++) {
                    TestShell.Run r = sh.run("lab up --nodes 2 --ipv6 --name " + name);
                    assertEquals(0, r.status(), r.err());
                }
                for (int i = 1; i <= 2; i++) {
                    String ns = name + "-node" + i;
                    String v6 = host.run("ip", "-n", ns, "-6", "-o", "addr", "show", "dev", "eth1", "scope", "global")
                            .stdout();
                    assertEquals(1, v6.lines().count(), "one global address, also after a second lab up:\n" + v6);
                    assertTrue(v6.contains("inet6 " + Lab.address6(i) + "/64") && !v6.contains("tentative"), v6);
                    assertTrue(host.run("ip", "-n", ns, "-4", "-o", "addr", "show", "dev", "eth1").stdout()
                            .contains("inet " + Lab.address(i) + "/24"), "IPv4 unchanged");
                    assertEquals("1", host.run("ip", "netns", "exec", ns, "sysctl", "-n",
                            "net.ipv6.conf.all.forwarding").stdout().strip());
                }
                assertTrue(host.run("ip", "netns", "exec", name + "-node1", "ping", "-6", "-c", "1", "-W", "2",
                        Lab.address6(2)).ok(), "node1 reaches node2 over IPv6");
            } finally {
                new Lab(name).down();
            }
        }
        assertFalse(host.run("ip", "netns", "list").stdout().contains(name));
    }
}
