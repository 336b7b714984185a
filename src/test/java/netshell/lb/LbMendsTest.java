package netshell.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import netshell.command.Target;
import netshell.node.ExecResult;
import netshell.node.Fleet;
import netshell.node.LineStream;
import netshell.node.Node;
import netshell.node.Transport;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/** lb add-vip through the one underlay lookup and the one rolling-back way to change nodes. */
class LbMendsTest {
    /** A dry-run node knows its underlay (eth1): the VIP address step is planned, not refused. */
    @Test
    void addVipDryRunsWithTheVipAddress() {
        try (TestShell shell = TestShell.on(Target.dryRun(2))) {
            TestShell.Run r = shell.run("lb add-vip 192.168.56.100:80 --backend 10.0.0.2:80");
            assertEquals(0, r.status(), r.out() + r.err());
            assertTrue(r.out().contains("node1$ ip addr replace 192.168.56.100/32 dev eth1"), r.out());
        }
    }

    /** A real lab node whose iptables -I fails: the last steps of add-vip fail after sysctl and ip addr ran. */
    @Test
    @NeedsRoot
    void aFailingLastStepLeavesNoSysctlAndNoAddress() {
        try (TestShell lab = TestShell.lab("nsmend", 1)) {
            Node real = lab.node("node1");
            lab.sh("node1", "sysctl", "-q", "-w", "net.ipv4.ip_forward=0");
            Node failing = new FailingJumps(real);
            try (TestShell shell = TestShell
                    .on(new Target(Transport.LAB.label(), new Fleet(List.of(failing)), null, null))) {
                TestShell.Run r = shell.run("lb add-vip 192.168.56.100:80 --backend 10.0.0.2:80");
                assertNotEquals(0, r.status(), "the jumps failed, so the command fails:\n" + r.out() + r.err());
                assertTrue((r.out() + r.err()).contains("rolled back"), r.out() + r.err());
            }
            assertEquals("0", real.run("sysctl", "-n", "net.ipv4.ip_forward").stdout().strip(), "ip_forward restored");
            String addrs = real.run("ip", "-j", "addr", "show", "dev", "eth1").stdout();
            assertFalse(addrs.contains("192.168.56.100"), "the VIP address is gone: " + addrs);
            assertTrue(addrs.contains("192.168.56.10"), "the node's own address stays: " + addrs);
        }
    }

    /** Runs everything on the real node, except that inserting a jump into a built-in chain fails. */
    private record FailingJumps(Node real) implements Node {
        @Override
        public String name() { return real.name(); }
        @Override
        public Transport kind() { return real.kind(); }
        @Override
        public String address() { return real.address(); }
        @Override
        public String underlay() { return real.underlay(); }
        @Override
        public boolean ready() { return real.ready(); }
        @Override
        public void close() {}

        @Override
        public ExecResult run(List<String> argv, String stdin) {
            if (argv.get(0).equals("iptables") && argv.contains("-I")) {
                return new ExecResult(name(), argv, 4, "", "iptables: injected failure", Duration.ZERO);
            }
            return real.run(argv, stdin);
        }

        @Override
        public LineStream stream(List<String> argv, Consumer<String> onLine) { return real.stream(argv, onLine); }
    }
}
