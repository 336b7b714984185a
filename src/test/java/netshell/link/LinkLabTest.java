package netshell.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import netshell.command.Displayable;
import netshell.testing.Eventually;
import netshell.testing.NeedsRoot;
import netshell.app.LiveCompletions;
import netshell.testing.TestShell;
import netshell.testing.TestTimeouts;

/**
 * Links failed and degraded in a real 3-node lab (each node's eth1 a veth to the lab's bridge), measured: loss over
 * 1000 pings, the rate iperf3 gets, pingall with one link down, a flap; and after each, undo puts tc, nftables,
 * iptables and the link back byte for byte.
 */
@NeedsRoot
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinkLabTest {
    private TestShell shell;

    @BeforeAll
    void up() {
        shell = TestShell.lab("nslk", 3);
        shell.sh("node1", "ping", "-c", "1", "-W", "2", "192.168.56.11"); // neighbours learnt before any loss
    }

    @AfterAll
    void down() {
        if (shell != null) shell.close();
    }

    /** What a link change may touch on a node, as the kernel prints it. */
    private String state(String node) {
        return shell.sh(node, "tc", "-j", "qdisc", "show", "dev", "eth1").stdout() + "\n"
                + shell.sh(node, "nft", "list", "ruleset").stdout() + "\n"
                + shell.sh(node, "iptables-save").stdout().replaceAll("(?m)^#.*\n", "") + "\n"
                + shell.sh(node, "ip", "-j", "link", "show", "dev", "eth1").stdout();
    }

    private String ok(String line) {
        TestShell.Run r = shell.run(line);
        assertEquals(0, r.status(), line + ":\n" + r.out() + r.err());
        return r.out();
    }

    private boolean hasNetem() {
        return shell.node("node1").run("unshare", "-n", "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay",
                "1ms").ok();
    }

    /**
     * Tab's truth for link, whose free words CompletionTruthLabTest cannot order: every NODE:IF offered is taken by
     * each form (a dry run), and every form word offered is one of the forms.
     */
    @Test
    void everyOfferedWordIsTaken() throws InterruptedException {
        try (LiveCompletions live = LiveCompletions.attach(shell.session(), Duration.ofHours(1))) {
            assertTrue(live.refreshAndWait(TestTimeouts.scaled(Duration.ofSeconds(60))), "every node read");
            List<String> words = shell.session().completions().values("link-word");
            List<String> endpoints = words.stream().filter(w -> w.contains(":")).toList();
            assertTrue(endpoints.containsAll(List.of("node1:eth1", "node2:eth1", "node3:eth1")), words.toString());
            assertEquals(List.of("clear", "down", "flap", "impair", "show", "up"),
                    words.stream().filter(w -> !w.contains(":")).sorted().toList());
            for (String e : endpoints) {
                for (String line : List.of("link " + e + " down --dry-run", "link " + e + " up --dry-run",
                        "link impair " + e + " --loss 1% --dry-run", "link clear " + e + " --dry-run")) {
                    TestShell.Run r = shell.run(line);
                    assertEquals(0, r.status(), line + ": " + r.err());
                }
            }
        }
    }

    @Test
    void tenPercentLossDropsAboutATenthOfAThousandPingsAndUndoPutsItBack() {
        String before = state("node1");
        String impaired = ok("link impair node1:eth1 --loss 10%");
        assertTrue(impaired.contains("node1:eth1 egress: loss 10%"), impaired);
        String shown = ok("link show --on node1");
        assertTrue(shown.lines().anyMatch(l -> l.matches("node1\\s+eth1\\s+up\\s+-\\s+\\S+\\s+loss 10%\\s*")), shown);
        String ping = shell.sh("node1", "ping", "-q", "-c", "1000", "-i", "0.002", "-W", "1",
                "192.168.56.11").stdout();
        Matcher m = Pattern.compile("(\\d+) packets transmitted, (\\d+) received").matcher(ping);
        assertTrue(m.find(), ping);
        int sent = Integer.parseInt(m.group(1));
        double lost = 100.0 * (sent - Integer.parseInt(m.group(2))) / sent;
        assertTrue(lost >= 5 && lost <= 15, "loss " + lost + "%:\n" + ping);
        ok("undo");
        assertEquals(before, state("node1"));
    }

    @Test
    void tenMegabitsHoldIperfUnderElevenAndUndoPutsItBack() throws Exception {
        String before = state("node1");
        ok("link impair node1:eth1 --rate 10mbit");
        assertTrue(shell.sh("node1", "tc", "qdisc", "show", "dev", "eth1").stdout().contains("tbf"));
        Displayable r = (Displayable) shell.invoke("iperf node1 node2 --time 2");
        double received = ((Number) ((java.util.Map<?, ?>) r.data()).get("receivedBps")).doubleValue();
        assertTrue(received > 1e6 && received < 11e6, r.text());
        ok("undo");
        assertEquals(before, state("node1"));
    }

    @Test
    void anUnconfirmedImpairmentRollsItselfBack() {
        String before = state("node2");
        ok("link impair node2:eth1 --rate 20mbit --loss 1% --confirm 2");
        assertTrue(shell.sh("node2", "tc", "qdisc", "show", "dev", "eth1").stdout().contains("tbf"));
        Eventually.until(TestTimeouts.scaled(Duration.ofSeconds(15)), () -> before.equals(state("node2")),
                "node2's qdisc and drop table rolled back by the node itself");
    }

    @Test
    void delayNeedsNetemAndIsRefusedInOneLineWithoutIt() {
        String before = state("node1");
        TestShell.Run r = shell.run("link impair node1:eth1 --delay 50ms --loss 1%");
        if (hasNetem()) {
            assertEquals(0, r.status(), r.out() + r.err());
            String ping = shell.sh("node1", "ping", "-c", "2", "-i", "0.2", "192.168.56.11").stdout();
            assertTrue(ping.matches("(?s).*rtt min/avg/max/mdev = (5\\d|[6-9]\\d)\\..*"), ping);
            ok("undo");
        } else {
            assertEquals(2, r.status(), r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("sch_netem") && r.err().contains("nothing was changed"), r.err());
        }
        assertEquals(before, state("node1"));
    }

    @Test
    void aLinkDownFailsExactlyThePairsAcrossItAndUndoBringsItBack() {
        String before = state("node3");
        ok("link node3:eth1 down");
        TestShell.Run reach = shell.run("pingall");
        assertEquals(1, reach.status(), reach.out() + reach.err());
        Matcher m = Pattern.compile("pairs dropped: (.*)").matcher(reach.out() + reach.err());
        assertTrue(m.find(), reach.out() + reach.err());
        assertEquals(new TreeSet<>(Set.of("node1→node3", "node2→node3", "node3→node1", "node3→node2")),
                new TreeSet<>(Arrays.asList(m.group(1).strip().split(",\\s*"))));
        ok("undo");
        Eventually.until(TestTimeouts.scaled(Duration.ofSeconds(10)),
                () -> shell.run("pingall").out().contains("6/6 reachable"), "pingall whole again after undo");
        assertEquals(before.replaceAll("\"operstate\":\"[A-Z]+\"", ""), state("node3")
                .replaceAll("\"operstate\":\"[A-Z]+\"", ""));
    }

    @Test
    void aFlapSetsTheLinkDownAndUpAndLeavesItUp() {
        long changes = carrierChanges("node2");
        String flapped = ok("link flap node2:eth1 --every 100ms --count 2");
        assertTrue(flapped.startsWith("node2:eth1: down, then up, every 100ms, 2 times"), flapped);
        assertTrue(carrierChanges("node2") >= changes + 4, "carrier changes " + changes + " → "
                + carrierChanges("node2"));
        assertTrue(shell.sh("node2", "ip", "-j", "link", "show", "dev", "eth1").stdout().contains("\"UP\""));
    }

    private long carrierChanges(String node) {
        return Long.parseLong(shell.sh(node, "cat", "/sys/class/net/eth1/carrier_changes").stdout().strip());
    }

    @Test
    void badLinksAreRefusedInOneLineBeforeAnythingChanges() {
        String before = state("node1");
        for (String line : new String[]{"link node1:eth1 node2:eth1 down", "link impair node1:eth9 --loss 1%",
                "link impair node1:eth1", "link impair node1:eth1 --loss 200%", "link nosuch:eth1 down",
                "link impair node1:eth1 --every 5s --loss 1%", "link node1:eth1 sideways"}) {
            TestShell.Run r = shell.run(line);
            assertEquals(2, r.status(), line + ":\n" + r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), line + ":\n" + r.err());
        }
        assertEquals(before, state("node1"));
    }
}
