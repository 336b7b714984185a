package netshell.script;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import groovy.json.JsonSlurper;
import netshell.app.Commands;
import netshell.command.Target;
import netshell.lab.Lab;
import netshell.node.LocalNode;
import netshell.shell.Style;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/**
 * scripts/vxlan-over-routed-underlay.groovy on a lab of this test's own: green twice (HTTP between the sites, DF pings
 * at the path MTU pass and one byte more fail, the VIP answered at both sites), the VXLAN devices' VTEPs on their own
 * segments with the path's MTU, doctor naming a peer VTEP left without a route, and --cleanup leaving nothing.
 */
@NeedsRoot
class RoutedUnderlayLabTest {
    private static final String SCRIPT = "scripts/vxlan-over-routed-underlay.groovy";
    private final LocalNode host = new LocalNode("localhost");

    @Test
    void theWalkthroughRunsTwiceAcrossTheRouterAndCleansUp() throws Exception {
        String name = "nsll-" + UUID.randomUUID().toString().substring(0, 6);
        try (TestShell sh = TestShell.on(Target.dryRun(1), Commands.registry())) {
            sh.session().notices(n -> {});
            try {
                for (int run = 1; run <= 2; run++) {
                    String out = run(sh, name, List.of());
                    assertTrue(out.contains("web2 fetches web1's page"), "run " + run + ":\n" + out);
                    assertTrue(out.contains("a 1350-byte packet with do-not-fragment crosses"), out);
                    assertTrue(out.contains("a 1351-byte packet with do-not-fragment does not"), out);
                    assertTrue(out.contains("are answered at both sites"), out);
                }
                String a1 = name + "-node2";
                Map<?, ?> vxlan = vxlan(a1);
                Map<?, ?> data = (Map<?, ?>) ((Map<?, ?>) vxlan.get("linkinfo")).get("info_data");
                assertEquals("10.20.1.10", data.get("local"), "a1's VTEP is its address at site A");
                assertEquals(1350, ((Number) vxlan.get("mtu")).intValue(), "the path's 1400 less 50");
                assertTrue(host.run("ip", "-n", a1 + "-web1", "-o", "link", "show", "dev", "eth0").orThrow().stdout()
                        .contains(" mtu 1350 "), "web1's own interface has the overlay's MTU");

                host.run("ip", "-n", name + "-node3", "route", "del", "10.20.1.0/24").orThrow();
                TestShell.Run doctor = sh.run("doctor --on a1,b1");
                assertNotEquals(0, doctor.status(), doctor.out());
                assertTrue(doctor.out().contains("underlay-route") && doctor.out().contains("10.20.1.10 (no route)"),
                        doctor.out());
                host.run("ip", "-n", name + "-node3", "route", "add", "10.20.1.0/24", "via", "10.20.2.1").orThrow();

                run(sh, name, List.of("--cleanup"));
                assertFalse(host.run("ip", "netns", "list").stdout().contains(name), "no namespace of the lab left");
            } finally {
                new Lab(name).down();
            }
        }
    }

    private static String run(TestShell sh, String lab, List<String> more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new java.util.ArrayList<>(List.of("--lab", lab));
        args.addAll(more);
        int status = Scripting.runFile(sh.session(), sh.invoker(), SCRIPT, args,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Style.PLAIN, false);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text + err.toString(StandardCharsets.UTF_8));
        assertFalse(text.contains("✗"), text);
        return text;
    }

    private Map<?, ?> vxlan(String ns) {
        List<?> links = (List<?>) new JsonSlurper().parseText(host.run("ip", "-n", ns, "-j", "-d", "link", "show",
                "type", "vxlan").orThrow().stdout());
        assertEquals(1, links.size(), ns + ": one VXLAN device");
        return (Map<?, ?>) links.get(0);
    }
}
