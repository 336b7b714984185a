package netshell.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import netshell.change.plan.JournalRecord;
import netshell.node.LocalNode;
import netshell.testing.Eventually;
import netshell.testing.NeedsRoot;
import netshell.command.Target;
import netshell.testing.TestShell;

/**
 * The change journal and undo on a real kernel: a 2-node lab, foreign rules and links that must come through
 * byte-identical, and kernel state compared parsed (ip -j, iptables-save) before and after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@NeedsRoot
class UndoLabTest {
    private TestShell shell;
    private Path journal;

    @BeforeAll
    void up() throws Exception {
        shell = TestShell.lab("ns15", 2);
        journal = Files.createTempDirectory("ns15-journal");
        shell.session().changeGuard(new SafeChanges(new Journal(journal)));
        // Foreign state that every undo must leave exactly as it is.
        for (String n : List.of("node1", "node2")) {
            shell.sh(n, "iptables", "-A", "INPUT", "-p", "tcp", "--dport", "2222", "-m", "comment", "--comment",
                    "foreign", "-j", "ACCEPT");
            shell.sh(n, "iptables", "-t", "nat", "-A", "POSTROUTING", "-s", "10.9.9.0/24", "-j", "MASQUERADE");
            shell.sh(n, "ip", "link", "add", "foreign0", "type", "bridge");
            shell.sh(n, "ip", "addr", "add", "10.9.9.1/24", "dev", "foreign0");
        }
    }

    @AfterAll
    void down() throws Exception {
        if (shell != null) shell.close();
        if (journal != null) removeRollbackFiles(new Journal(journal));
        if (journal != null) new LocalNode("l").run("rm", "-rf", journal.toString());
    }

    /** The node's state as undo compares it, and its iptables-save without the dated comment lines. */
    private Map<String, List<String>> state(String node) {
        shell.node(node).run(StateScript.install(), StateScript.library());
        return StateScript.parseShow(shell.sh(node, StateScript.show().toArray(String[]::new)).stdout());
    }

    private String save(String node) {
        return String.join("\n", shell.sh(node, "iptables-save").stdout().lines().filter(l -> !l.startsWith("#"))
                .toList());
    }

    private TestShell.Run ok(String line) {
        TestShell.Run r = shell.run(line);
        assertEquals(0, r.status(), line + "\n" + r.out() + r.err());
        return r;
    }

    @Test
    void aConfirmedCommandThatFailsDisarmsItsRollbackAndSaysSoInWords() {
        TestShell.Run r = shell.run("node1 --confirm 30 ip route add 10.98.0.0/24 via 10.250.250.250");
        assertEquals(1, r.status(), r.out() + r.err());
        String out = r.out() + r.err();
        assertTrue(out.contains("node1: rolled back: undo: disarm the rollback"), out);
        assertFalse(out.contains("ns_lock"), "not the script it ran: " + out);
        assertEquals("lab:2", shell.session().promptLabel(), "nothing awaits confirmation");
    }

    @Test
    void undoAfterLbAddVipRestoresTheKernelState() {
        var before = state("node1");
        String saved = save("node1");
        ok("lb add-vip 192.168.56.120:80 --on node1 --backend 10.0.1.11:80 --backend 10.0.1.12:80");
        assertFalse(save("node1").equals(saved), "the VIP added rules");
        ok("undo");
        assertEquals(before, state("node1"));
        assertEquals(saved, save("node1"), "foreign rules byte-identical");
    }

    @Test
    void undoInANewShellTakesThisLabsLastChangeNotAnotherLabsNewerOne() {
        String saved = save("node1");
        ok("lb add-vip 192.168.56.121:80 --on node1 --backend 10.0.1.11:80 --backend 10.0.1.12:80");
        try (TestShell other = TestShell.lab("ns15o", 1)) {
            other.session().changeGuard(new SafeChanges(new Journal(journal)));
            TestShell.Run r = other.run("lb add-vip 192.168.56.122:80 --on node1 --backend 10.0.1.11:80");
            assertEquals(0, r.status(), r.out() + r.err());
            // A new shell on this lab: no change of its own session, so the newest of this lab's.
            try (TestShell fresh = TestShell.on(Target.lab(shell.lab(), null))) {
                fresh.session().changeGuard(new SafeChanges(new Journal(journal)));
                TestShell.Run u = fresh.run("undo");
                assertEquals(0, u.status(), u.out() + u.err());
            }
            assertEquals(saved, save("node1"), "this lab's change undone");
            assertTrue(other.sh("node1", "iptables-save").stdout().contains("192.168.56.122"), "the other's stays");
        }
    }

    @Test
    void undoAfterVxlanAndOverlayCreate() {
        var before1 = state("node1");
        var before2 = state("node2");
        ok("vxlan create --vni 151 --name ns15vx");
        assertTrue(state("node1").get("links").stream().anyMatch(l -> l.startsWith("ns15vx vxlan id 151")));
        ok("undo");
        assertEquals(before1, state("node1"));
        assertEquals(before2, state("node2"));

        ok("overlay create 10.151.0.0/24 --vni 152 --bridge ns15br --name ns15ov");
        assertTrue(state("node2").get("addresses").stream().anyMatch(a -> a.endsWith("dev ns15br")));
        ok("undo");
        assertEquals(before1, state("node1"));
        assertEquals(before2, state("node2"));
        assertTrue(state("node1").get("links").stream().anyMatch(l -> l.startsWith("foreign0 bridge")));
    }

    @Test
    void undoRefusesWhenTheStateChangedByHandAndShowsTheDifference() {
        ok("vxlan create --vni 153 --name ns15hv");
        try {
            shell.sh("node2", "ip", "link", "set", "ns15hv", "mtu", "1400");
            TestShell.Run r = shell.run("undo");
            assertEquals(1, r.status(), r.out() + r.err());
            assertTrue(r.out().contains("[node2 since change"), r.out());
            assertTrue(r.out().contains("- ns15hv vxlan id 153") && r.out().contains("mtu 1450"), r.out());
            assertTrue(r.out().contains("+ ns15hv vxlan id 153") && r.out().contains("mtu 1400"), r.out());
            assertTrue(r.err().contains("refused"), r.err());
            assertTrue(state("node1").get("links").stream().anyMatch(l -> l.startsWith("ns15hv ")),
                    "nothing was undone on node1 either");
        } finally {
            shell.run("vxlan delete --name ns15hv");
        }
    }

    private String routes(String node) { return shell.sh(node, "ip", "route", "show", "table", "all").stdout(); }

    @Test
    void aRouteUndoGoesAheadWhenOnlyOtherRoutesChangedAndRefusesWhenItsOwnDid() {
        try {
            ok("node1 --confirm 600 ip route add 10.251.1.0/24 via 192.168.56.11");
            ok("confirm");
            shell.sh("node1", "ip", "route", "add", "10.251.2.0/24", "via", "192.168.56.11"); // by hand, unrelated
            ok("undo");
            assertFalse(routes("node1").contains("10.251.1.0/24"), routes("node1"));
            assertTrue(routes("node1").contains("10.251.2.0/24 via 192.168.56.11"), "the other route stays");
            int undoId = new Journal(journal).all().stream().mapToInt(JournalRecord::id).max().orElseThrow();
            String shown = ok("changes show " + undoId).out();
            assertTrue(shown.contains("- 10.251.1.0/24 via 192.168.56.11 dev eth1"),
                    "journaled as the inverse: " + shown);

            ok("node1 --confirm 600 ip route add 10.251.3.0/24 via 192.168.56.11");
            ok("confirm");
            shell.sh("node1", "ip", "route", "replace", "10.251.3.0/24", "via", "192.168.56.12"); // its own line
            TestShell.Run r = shell.run("undo");
            assertEquals(1, r.status(), r.out() + r.err());
            assertTrue(r.err().contains("refused"), r.err());
            assertTrue(routes("node1").contains("10.251.3.0/24 via 192.168.56.12"), "nothing undone");
        } finally {
            shell.sh("node1", "ip", "route", "del", "10.251.2.0/24");
            shell.sh("node1", "ip", "route", "del", "10.251.3.0/24");
        }
    }

    @Test
    void anUndoAcrossNodesChecksEveryNodeBeforeChangingAny() {
        ok("all --confirm 600 ip route add 10.252.1.0/24 dev eth1");
        ok("confirm");
        try {
            shell.sh("node2", "ip", "route", "del", "10.252.1.0/24");
            TestShell.Run r = shell.run("undo");
            assertEquals(1, r.status(), r.out() + r.err());
            assertTrue(routes("node1").contains("10.252.1.0/24"), "node1 checked, not changed: " + r.out() + r.err());
        } finally {
            for (String n : List.of("node1", "node2"))
                shell.node(n).run(List.of("ip", "route", "del", "10.252.1.0/24"), null); // gone already on one
        }
    }

    @Test
    void changesShowPrintsTheDiffOfAnLbChange() throws Exception {
        ok("lb add-vip 192.168.56.121:8080 --on node2 --backend 10.0.2.21:80");
        try {
            String list = ok("changes").out();
            String last = list.lines().filter(l -> l.contains("lb add-vip 192.168.56.121:8080")).reduce((a, b) -> b)
                    .orElseThrow();
            int id = Integer.parseInt(last.split("\\s+")[0]);
            assertTrue(list.contains("(this session)") && list.contains("\n    node2: ")
                    && list.contains("; iptables-restore -w --noflush <<…("),
                    "per node: the steps: " + list);
            String shown = ok("changes show " + id).out();
            String expected = Files.readString(Path.of("src/test/resources/change/lb-add-vip.diff"));
            assertEquals(expected.strip(), shown.lines().skip(1).reduce((a, b) -> a + "\n" + b).orElse("").strip());
        } finally {
            ok("lb delete 192.168.56.121:8080 --on node2");
        }
    }

    @Test
    void anUnconfirmedChangeRestoresNetfilterAddressesRoutesAndSysctls() {
        var before = state("node2");
        String saved = save("node2");
        String forward = shell.sh("node2", "sysctl", "-n", "net.ipv4.ip_forward").stdout().strip();
        String flipped = forward.equals("1") ? "0" : "1";
        // Each change takes over the rollback of the one before (it restores the first snapshot), so the deadline
        // only has to outlast the gap between two commands on a loaded machine.
        ok("node2 --confirm 12 ip addr add 10.152.0.1/24 dev eth1");
        ok("node2 --confirm 12 ip route add 10.153.0.0/16 via 192.168.56.10 table 153");
        ok("node2 --confirm 12 ip rule add pref 153 from 10.152.0.0/24 lookup 153");
        ok("node2 --confirm 12 sysctl -w net.ipv4.ip_forward=" + flipped);
        ok("node2 --confirm 12 nft add table ip ns15t");
        ok("node2 --confirm 12 iptables -t mangle -A PREROUTING -j MARK --set-mark 7");
        ok("node2 --confirm 12 ip link set foreign0 mtu 1400 up");
        ok("node2 --confirm 3 ip addr del 10.9.9.1/24 dev foreign0");
        assertFalse(state("node2").equals(before));
        Eventually.until(Duration.ofSeconds(30), () -> state("node2"), before::equals, "node2 rolled back by itself");
        assertEquals(saved, save("node2"), "the mangle table is gone again, the rest byte-identical");
        assertEquals(forward, shell.sh("node2", "sysctl", "-n", "net.ipv4.ip_forward").stdout().strip());
    }

    @Test
    void dryRunAndExplainShowTheSnapshotAndTheArmedRollback() {
        String saved = save("node1");
        TestShell.Run dry = ok("lb add-vip 192.168.56.123:80 --on node1 --backend 10.0.1.11:80 --confirm 30 --dry-run");
        assertTrue(
                dry.out().contains("node1$ sh -c 'f=/run/netshell/lib/state-")
                        && dry.out().contains("cat > \"$d/$1.sh\""),
                dry.out());
        assertTrue(dry.out().contains("setsid sh -c") && dry.out().contains("systemd-run"), dry.out());
        assertTrue(dry.out().contains("ns_restore \"$NS_SNAP/$base\""), "the restore it arms");
        assertFalse(dry.out().contains("NETSHELL_SNAPSHOT_EOF"), "no heredoc of node data");
        assertEquals(saved, save("node1"), "a dry run changes nothing");
        assertTrue(shell.session().promptLabel().equals("lab:2"), "nothing awaits confirmation");

        TestShell.Run explained = ok("explain on; node1 --confirm 30 ip link add ns15ex type bridge; explain off");
        try {
            String out = explained.out() + explained.err();
            assertTrue(out.contains("[ -r \"$f\" ] || exit 97; . \"$f\"\nNS_WATCH=1; ns_take \"$NS_SNAP/$1\"")
                    && out.contains("# read"), "the snapshot read, short (the library stays on the node): " + out);
            assertTrue(out.contains("cat > \"$d/$1.sh\""), "the armed job: " + out);
            assertTrue(shell.session().promptLabel().matches("lab:2 confirm [12][0-9]s|lab:2 confirm 30s"),
                    shell.session().promptLabel());
            TestShell.Run c = ok("confirm");
            assertTrue(c.out().contains("node1: change") && c.out().contains("confirmed"), c.out());
            assertEquals("lab:2", shell.session().promptLabel());
        } finally {
            shell.sh("node1", "ip", "link", "del", "ns15ex");
        }
    }

    @Test
    void badConfirmIsOneLineExitTwoAndNothingApplied() {
        String saved = save("node1");
        int journaled = new Journal(journal).all().size();
        for (String bad : List.of("0", "-3", "soon", "86401")) {
            for (String line : List.of(
                    "lb add-vip 192.168.56.122:80 --on node1 --backend 10.0.1.11:80 --confirm " + bad,
                    "node1 --confirm " + bad + " iptables -A INPUT -j DROP")) {
                TestShell.Run r = shell.run(line);
                assertEquals(2, r.status(), line + ": " + r.out() + r.err());
                assertEquals(1, r.err().lines().count(), r.err());
                assertTrue(r.err().contains("--confirm"), r.err());
            }
        }
        assertEquals(saved, save("node1"));
        assertEquals(journaled, new Journal(journal).all().size());
    }

    /** The markers (.done, .lock) and scripts the tests' rollbacks leave in /run/netshell/rollback of this host. */
    static void removeRollbackFiles(Journal journal) {
        for (var r : journal.all()) {
            for (var n : r.nodes()) {
                if (n.rollbackId() == null) continue;
                new LocalNode("l").run("sh", "-c", "rm -rf /run/netshell/rollback/\"$1\".*", "sh", n.rollbackId());
            }
        }
    }
}
