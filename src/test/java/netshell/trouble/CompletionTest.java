package netshell.trouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import netshell.app.Commands;
import netshell.app.LiveCompletions;
import netshell.command.Session;
import netshell.command.Target;
import netshell.lb.rules.Endpoint;
import netshell.lb.rules.IptablesRules;
import netshell.lb.rules.ServiceSpec;
import netshell.node.DryRunNode;
import netshell.node.ExecResult;
import netshell.node.Fleet;
import netshell.node.LineStream;
import netshell.node.Node;
import netshell.node.NodeException;
import netshell.node.Transport;
import netshell.shell.ShellCompleter;
import netshell.testing.TestTimeouts;

/**
 * Completion answers from the cache: values come from node state, and a node that never answers does not hold up Tab.
 */
class CompletionTest {
    static final String LINKS = """
            [{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP"],"mtu":65536,"operstate":"UNKNOWN"},
             {"ifindex":2,"ifname":"eth1","flags":["UP"],"mtu":1500,"operstate":"UP"},
             {"ifindex":3,"ifname":"nsbr0","flags":["UP"],"mtu":1450,"ifalias":"netshell",\
            "linkinfo":{"info_kind":"bridge"}},
             {"ifindex":4,"ifname":"vxlan0","flags":["UP"],"mtu":1450,"master":"nsbr0","ifalias":"netshell",
              "linkinfo":{"info_kind":"vxlan",\
            "info_data":{"id":100,"local":"192.168.56.10","link":"eth1","port":4789}}},
             {"ifindex":5,"ifname":"vnnetshell-web1","flags":["UP"],"mtu":1450,"master":"nsbr0","ifalias":"netshell",\
            "linkinfo":{"info_kind":"veth"}}]""";

    /** A node whose every command hangs until interrupted, like a machine that stopped answering mid-session. */
    static final class HangingNode implements Node {
        final CountDownLatch asked = new CountDownLatch(1);
        @Override
        public String name() { return "slow"; }
        @Override
        public Transport kind() { return Transport.SSH; }
        @Override
        public String address() { return "192.168.56.99"; }
        @Override
        public String underlay() { return "eth1"; }
        @Override
        public ExecResult run(List<String> argv, String stdin) {
            asked.countDown();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new NodeException("slow", "interrupted");
        }
        @Override
        public LineStream stream(List<String> argv, Consumer<String> onLine) {
            throw new UnsupportedOperationException();
        }
        @Override
        public void close() {}
    }

    @Test
    void valuesComeFromNodeStateAndAHangingNodeDoesNotBlockTab() throws Exception {
        ServiceSpec web = new ServiceSpec(new Endpoint("10.0.0.40", 80), "tcp",
                List.of(new Endpoint("10.0.0.65", 80), new Endpoint("10.0.0.129", 80)));
        DryRunNode answering = new DryRunNode("node1", "192.168.56.10", "eth1")
                .reply(List.of("ip", "-j", "-d", "link"), LINKS)
                .reply(List.of("iptables-save", "-t", "nat"), IptablesRules.restoreText(List.of(web)))
                .reply(List.of("ip", "-j", "netns", "list"), "[{\"name\":\"netshell-web1\"},{\"name\":\"other\"}]");
        HangingNode slow = new HangingNode();
        Session session = Commands.session(
                () -> new Target("ssh", new Fleet(List.of(answering, slow)), null, null));
        session.target();
        try (LiveCompletions live = LiveCompletions.attach(session, Duration.ofMillis(200))) {
            assertFalse(live.refreshAndWait(Duration.ofSeconds(1)), "the hanging node is still being read");
            assertTrue(slow.asked.getCount() == 0);
            var c = session.completions();
            assertEquals(List.of("eth1", "lo", "nsbr0", "vnnetshell-web1", "vxlan0"), c.values("iface"));
            assertEquals(List.of("100"), c.values("vni"));
            assertEquals(List.of("10.0.0.40:80"), c.values("vip"));
            assertEquals(List.of("10.0.0.129:80", "10.0.0.65:80"), c.values("backend"));
            assertEquals(List.of("web1"), c.values("container"));

            ShellCompleter completer = new ShellCompleter(session);
            long worst = 0;
            for (int i = 0; i < 50; i++) {
                long t0 = System.nanoTime();
                var vnis = completer.suggest(List.of("tcpdump", "vxlan", "--vni"));
                var what = completer.suggest(List.of("tcpdump"));
                worst = Math.max(worst, System.nanoTime() - t0);
                assertEquals(List.of("100"), vnis.stream().map(ShellCompleter.Suggestion::value).toList());
                assertTrue(what.stream().map(ShellCompleter.Suggestion::value).toList()
                        .containsAll(List.of("vxlan", "eth1", "vxlan0")), what.toString());
            }
            System.out.printf("completion with a hanging node: worst of 50 Tabs %.2f ms%n", worst / 1e6);
            long limit = TestTimeouts.scaled(Duration.ofSeconds(1)).toNanos();
            assertTrue(worst < limit, "completion waited on the hanging node: " + worst / 1e6 + " ms");
        }
    }
}
