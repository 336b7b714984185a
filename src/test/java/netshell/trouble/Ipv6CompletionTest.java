package netshell.trouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.app.Commands;
import netshell.app.LiveCompletions;
import netshell.command.Session;
import netshell.command.Target;
import netshell.lb.rules.Endpoint;
import netshell.lb.rules.IptablesRules;
import netshell.lb.rules.ServiceSpec;
import netshell.node.DryRunNode;
import netshell.node.Fleet;
import netshell.testing.TestTimeouts;

/** Tab offers IPv6 VIPs and backends in the form lb takes them: [ADDRESS]:PORT. */
class Ipv6CompletionTest {

    @Test
    void ipv6VipsAndBackendsComplete() throws Exception {
        ServiceSpec v4 = new ServiceSpec(new Endpoint("10.0.0.40", 80), "tcp", List.of(new Endpoint("10.0.0.65", 80)));
        ServiceSpec v6 = new ServiceSpec(Endpoint.parse("[fd56::100]:80"), "tcp",
                List.of(Endpoint.parse("[fd00:10::41]:80"), Endpoint.parse("[fd00:10::42]:80")));
        DryRunNode node = new DryRunNode("node1", "192.168.56.10", "eth1")
                .reply(List.of("ip", "-j", "-d", "link"), CompletionTest.LINKS)
                .reply(List.of("iptables-save", "-t", "nat"), IptablesRules.restoreText(List.of(v4)))
                .reply(List.of("ip6tables-save", "-t", "nat"), IptablesRules.restoreText(List.of(v6)));
        Session session = Commands.session(
                () -> new Target("ssh", new Fleet(List.of(node)), null, null));
        session.target();
        try (LiveCompletions live = LiveCompletions.attach(session, Duration.ofMillis(200))) {
            assertTrue(live.refreshAndWait(TestTimeouts.scaled(Duration.ofSeconds(5))));
            var c = session.completions();
            assertEquals(List.of("10.0.0.40:80", "[fd56::100]:80"), c.values("vip"));
            assertEquals(List.of("10.0.0.65:80", "[fd00:10::41]:80", "[fd00:10::42]:80"), c.values("backend"));
        }
    }
}
