package netshell.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import netshell.change.plan.GroupDelta;
import netshell.change.plan.Snapshot;
import netshell.node.ExecResult;
import netshell.node.LocalNode;
import netshell.testing.Eventually;
import netshell.testing.NeedsRoot;

/**
 * The node side of the safety net on a real kernel, in a network namespace of the test's own: snapshots, the
 * journal's undo and the armed rollback restore links (state, MTU), addresses, routes of every table, rules,
 * iptables, nftables and sysctls exactly; node data that looks like shell never runs; partial snapshots are named.
 */
@NeedsRoot
class StateScriptLabTest {
    private final String ns = "nsst-" + UUID.randomUUID().toString().substring(0, 6);
    private final Path pwned = Path.of("/tmp/" + ns + "-pwned");
    private final List<String> ids = new ArrayList<>();

    @BeforeEach
    void up() {
        local("ip", "netns", "add", ns);
        assertEquals(0, in(StateScript.install(), StateScript.library()).exit(), "the library on the node");
        in("sh", "-c", String.join("\n",
                "ip link set lo up; ip link add br0 type bridge; ip addr add 10.61.0.1/24 dev br0; ip link set br0 up",
                "ip route add 10.62.0.0/16 via 10.61.0.5; ip route add 10.63.0.0/16 via 10.61.0.6 table 200",
                "iptables -t nat -A POSTROUTING -s 10.61.0.0/24 -j MASQUERADE",
                "iptables -N OLD; iptables -A OLD -j RETURN; iptables -A FORWARD -s 10.61.0.7 -j OLD",
                "iptables -A FORWARD -s 10.61.0.8 -j ACCEPT; iptables -A FORWARD -s 10.61.0.9 -j ACCEPT",
                "nft add table ip keepme; nft add chain ip keepme c '{ type filter hook input priority 0; }'"));
        // A comment a hostile neighbour could write: quotes, the old heredoc's delimiter, command substitutions.
        assertEquals(0, in("iptables", "-A", "INPUT", "-p", "tcp", "--dport", "2222", "-m", "comment", "--comment",
                "x' NETSHELL_SNAPSHOT_EOF $(touch " + pwned + ") `touch " + pwned + "`", "-j", "ACCEPT").exit());
        assertFalse(Files.exists(pwned));
    }

    @AfterEach
    void down() {
        local("ip", "netns", "del", ns);
        for (String id : ids)
            local("sh", "-c", "rm -rf /run/netshell/snap/\"$1\" /run/netshell/rollback/\"$1\".*", "sh",
                    id);
        local("rm", "-f", pwned.toString());
    }

    private static ExecResult local(String... argv) { return new LocalNode("l").run(List.of(argv), null); }

    private ExecResult in(List<String> argv, String stdin) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(argv);
        return new LocalNode("l").run(full, stdin);
    }

    private ExecResult in(String... argv) { return in(List.of(argv), null); }

    private String id() {
        String id = SafeChanges.newId();
        ids.add(id);
        return id;
    }

    private Map<String, List<String>> state() {
        return StateScript.parseShow(in(StateScript.show(), null).stdout());
    }

    /** Changes of every kind a command might make. */
    private void change() {
        ExecResult r = in("sh", "-c", String.join("\n",
                "ip link add vx9 type vxlan id 9 dstport 4789 local 10.61.0.1",
                "ip link set br0 mtu 1400 down",
                "ip addr add 10.64.0.1/24 dev br0; ip addr del 10.61.0.1/24 dev br0",
                "ip route add 10.65.0.0/16 dev vx9 table 201",
                "ip rule add pref 300 from 10.66.0.0/16 lookup 201",
                "iptables -I INPUT -p tcp --dport 22 -j DROP; iptables -t mangle -A PREROUTING -j MARK --set-mark 7",
                "iptables -D FORWARD -s 10.61.0.7 -j OLD; iptables -X OLD; iptables -P FORWARD DROP",
                "iptables -N NEWC; iptables -A NEWC -j RETURN; iptables -I FORWARD 2 -s 10.61.0.10 -j NEWC",
                "nft delete table ip keepme; nft add table ip newone",
                "sysctl -qw net.ipv4.ip_forward=1"));
        assertEquals(0, r.exit(), r.stderr());
    }

    @Test
    void undoFromTheJournalsHunksPutsEveryGroupBackAndNodeDataNeverRuns() {
        Map<String, List<String>> before = state();
        assertTrue(before.get("ipt4.filter").stream().anyMatch(l -> l.contains("NETSHELL_SNAPSHOT_EOF")));
        String snap = id();
        Snapshot s = Snapshot.parse(snap, in(StateScript.take(snap), null).stdout());
        assertFalse(s.partial(), s.toString());
        change();
        List<GroupDelta> deltas = GroupDelta.parseAll(in(StateScript.diff(snap, id(), false), null).stdout());
        assertEquals(List.of("addresses", "ipt4.filter", "ipt4.mangle", "links", "nft.ip.keepme", "nft.ip.newone",
                "routes", "rules", "sysctl"), deltas.stream().map(GroupDelta::group).sorted().toList());
        assertFalse(Files.exists(Path.of("/run/netshell/snap/" + snap)), "a change's snapshots do not stay behind");

        ExecResult undo = in(StateScript.undo(), GroupDelta.undoInput(deltas));
        assertEquals(0, undo.exit(), undo.stdout() + undo.stderr());
        assertEquals(before, state());
        assertFalse(Files.exists(pwned), "a rule comment is data, never shell");
    }

    /** Many routes through br0, so that a full read and one made from the events can be told apart. */
    private void manyRoutes() {
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 3000; i++)
            batch.append("route add 10.70.").append(i / 250).append('.').append(i % 250)
                    .append(" via 10.61.0.5\n");
        assertEquals(0, in(List.of("ip", "-batch", "-"), batch.toString()).exit());
    }

    private String routesDigestNow() {
        return Snapshot.parse("now", in(StateScript.digests(), null).stdout()).groups().get("routes").digest();
    }

    /**
     * A snapshot whose route watch listens. On a loaded machine `ip monitor` may start after the snapshot stopped
     * waiting for it (2 s); the snapshot then goes without a watch and its diff reads the routes whole, as
     * it should. The test below is about the watch, so it takes another snapshot then.
     */
    private String watchedSnapshot() {
        for (int i = 0; i < 5; i++) {
            String snap = id();
            in(StateScript.take(snap), null);
            if (in("test", "-f", StateScript.DIR + "/" + snap + "/.watch").exit() == 0) return snap;
            in(StateScript.drop(snap), null);
        }
        throw new AssertionError("no route watch listened within 2 s, five times");
    }

    @Test
    void aWatchedRouteChangeIsMadeFromItsEventsAndEqualsAFullRead() throws Exception {
        // br0's IPv6 link-local address can come late on a loaded machine, and an address event rightly makes the
        // watch read the routes whole (which this test makes fail): br0 has none here
        assertEquals(0, in("sysctl", "-qw", "net.ipv6.conf.br0.disable_ipv6=1").exit());
        manyRoutes();
        in("ip", "route", "add", "blackhole", "10.72.0.0/24");
        Map<String, List<String>> before = state();
        String snap = watchedSnapshot();
        // three prefixes: each is asked of the kernel alone (more are found in one dump)
        assertEquals(0, in("sh", "-c", "ip route add 10.71.0.0/24 via 10.61.0.6 table 200; "
                + "ip route del blackhole 10.72.0.0/24; ip route add 10.73.0.0/24 nexthop via 10.61.0.5 "
                + "nexthop via 10.61.0.6").exit());
        // After the change a full dump of the routes fails: only the prefixes the events name can be read.
        Path bin = Files.createTempDirectory("nsst-bin");
        try {
            String ip = local("sh", "-c", "command -v ip").stdout().strip();
            Path fake = bin.resolve("ip");
            Files.writeString(fake, "#!/bin/sh\ncase \"$*\" in *'route show table all') exit 1 ;; esac\nexec " + ip
                    + " \"$@\"\n");
            fake.toFile().setExecutable(true);
            List<String> diff = new ArrayList<>(List.of("env", "PATH=" + bin + ":" + System.getenv("PATH")));
            diff.addAll(StateScript.diff(snap, id(), false));
            List<GroupDelta> deltas = GroupDelta.parseAll(in(diff, null).stdout());
            GroupDelta routes = deltas.stream().filter(d -> d.group().equals("routes")).findFirst().orElseThrow();
            assertEquals(List.of("+10.71.0.0/24 via 10.61.0.6 dev br0 table 200", // a multipath route is one line
                    "+10.73.0.0/24 nexthop via 10.61.0.5 dev br0 weight 1 nexthop via 10.61.0.6 dev br0 weight 1",
                    "-blackhole 10.72.0.0/24"),
                    routes.hunks().stream().filter(l -> !l.startsWith("@@")).sorted().toList());
            assertEquals(routesDigestNow(), routes.afterDigest(), "the same file a full read makes");
            ExecResult undo = in(StateScript.undo(), GroupDelta.undoInput(deltas));
            assertEquals(0, undo.exit(), undo.stdout() + undo.stderr());
            assertEquals(before, state());
        } finally {
            local("rm", "-rf", bin.toString());
        }
        assertEquals("", processesMatching("monitor"), "the watch ends with the diff");
    }

    /**
     * On a loaded machine the watch's process may start only after the snapshot stopped waiting for it (here: a
     * setsid that takes 6 s; the snapshot waits 2 s). It is stopped then; before, it started later on its own and
     * its `ip monitor` ran for 15 minutes beside a snapshot that had no watch.
     */
    @Test
    void aWatchThatStartsTooLateIsStoppedNotLeftRunning() throws Exception {
        Path bin = slowSetsid(6);
        try {
            String snap = id();
            long start = System.nanoTime();
            assertEquals(0, in(onPath(bin, StateScript.take(snap)), null).exit());
            long took = (System.nanoTime() - start) / 1_000_000;
            assertTrue(took < 6000, "the snapshot waited " + took + " ms for its watch");
            Thread.sleep(6500 - took); // past the slow setsid: a watch left to start would be running now
            assertEquals("", processesMatching("-e monitor -e 'sleep 900'"), "no watch running");
            assertFalse(Files.exists(Path.of(StateScript.DIR, snap, ".watch")), "no watch recorded");
        } finally {
            local("rm", "-rf", bin.toString());
        }
    }

    /**
     * An armed rollback whose process starts only after the arm stopped waiting for it (a setsid that takes 7 s; the
     * arm waits 5 s): the arm fails, and the late process is stopped, so that it never rolls back a change that was
     * reported as failed.
     */
    @Test
    void aRollbackThatStartsTooLateIsStoppedAndItsArmFails() throws Exception {
        Path bin = slowSetsid(7);
        try {
            String snap = id();
            in(StateScript.take(snap), null);
            String rb = id();
            long start = System.nanoTime();
            ExecResult armed = in(onPath(bin, RollbackScript.arm(rb, 3, snap)), RollbackScript.text(rb, "test change"));
            long took = (System.nanoTime() - start) / 1_000_000;
            assertTrue(took < 7000, "the arm waited " + took + " ms");
            assertEquals(1, armed.exit(), armed.stdout() + armed.stderr());
            assertTrue(armed.stderr().contains("the rollback did not start within 5 s"), armed.stderr());
            Thread.sleep(7500 - took); // past the slow setsid: a rollback left to start would be armed now
            assertFalse(Files.exists(Path.of("/run/netshell/rollback/" + rb + ".pid")), "no rollback armed");
            assertEquals("", processesMatching("-e " + rb), "no rollback running");
        } finally {
            local("rm", "-rf", bin.toString());
        }
    }

    /** A directory with a setsid that waits {@code seconds} before it does its work: a loaded machine, slowed. */
    private static Path slowSetsid(int seconds) throws Exception {
        Path bin = Files.createTempDirectory("nsst-slow");
        String setsid = local("sh", "-c", "command -v setsid").stdout().strip();
        Path fake = bin.resolve("setsid");
        Files.writeString(fake, "#!/bin/sh\nsleep " + seconds + "\nexec " + setsid + " \"$@\"\n");
        fake.toFile().setExecutable(true);
        return bin;
    }

    /** {@code argv} run with {@code bin} first on its PATH. */
    private static List<String> onPath(Path bin, List<String> argv) {
        List<String> out = new ArrayList<>(List.of("env", "PATH=" + bin + ":" + System.getenv("PATH")));
        out.addAll(argv);
        return out;
    }

    /** The command lines of the processes in the test's namespace that grep's {@code patterns} select. */
    private String processesMatching(String patterns) {
        return local("sh", "-c", "for p in $(ip netns pids \"$1\"); do tr '\\0' ' ' < /proc/$p/cmdline; echo; done"
                + " | grep " + patterns + " || true", "sh", ns).stdout().strip();
    }

    @Test
    void aLinkGoingDownDropsRoutesSilentlySoTheWatchReadsThemWhole() {
        manyRoutes();
        String snap = id();
        in(StateScript.take(snap), null);
        assertEquals(0, in("ip", "link", "set", "br0", "down").exit()); // no route event for the routes it drops
        GroupDelta routes = GroupDelta.parseAll(in(StateScript.diff(snap, id(), false), null).stdout()).stream()
                .filter(d -> d.group().equals("routes")).findFirst().orElseThrow();
        assertEquals(3002, routes.hunks().stream().filter(l -> l.startsWith("-")).count(), routes.hunks().toString());
        assertEquals(routesDigestNow(), routes.afterDigest());
    }

    @Test
    void aTableIsPutBackChainByChainOnTheKernel() throws Exception {
        Path dir = TableChainsTest.DIR;
        ExecResult load = in(List.of("iptables-restore"),
                "*nat\n" + Files.readString(dir.resolve("have.txt")) + "COMMIT\n");
        assertEquals(0, load.exit(), load.stderr());
        String body = TableChainsTest.chains(dir.resolve("want.txt"), dir.resolve("have.txt"));
        ExecResult restore = in(List.of("iptables-restore", "--noflush"), "*nat\n" + body + "COMMIT\n");
        assertEquals(0, restore.exit(), restore.stderr());
        assertEquals(Files.readAllLines(dir.resolve("want.txt")), state().get("ipt4.nat"));
    }

    @Test
    void theArmedRollbackRestoresEverythingByItself() throws Exception {
        Map<String, List<String>> before = state();
        String snap = id();
        in(StateScript.take(snap), null);
        String rb = id();
        ExecResult arm = in(RollbackScript.arm(rb, 5, snap), RollbackScript.text(rb, "test change"));
        assertEquals(0, arm.exit(), arm.stderr());
        assertTrue(arm.stdout().contains("armed: process group"), arm.stdout());
        change();
        assertNotEquals(before, state());
        Path done = Path.of("/run/netshell/rollback/" + rb + ".done");
        Eventually.until(Duration.ofSeconds(60), () -> Files.exists(done), "the rollback done (" + done + ")");
        assertTrue(Files.readString(done).contains("restored:"), "the rollback ran");
        assertEquals(before, state());
        assertFalse(Files.exists(pwned), "a rule comment is data, never shell");
        assertFalse(Files.exists(Path.of("/run/netshell/snap/" + snap)), "its snapshot went with it");
    }

    @Test
    void aSnapshotMissingLinksIsPartialAndNamesWhatFailed() throws Exception {
        Path bin = Files.createTempDirectory(ns + "-bin");
        try {
            String ip = local("sh", "-c", "command -v ip").stdout().strip();
            Path fake = bin.resolve("ip");
            Files.writeString(fake, "#!/bin/sh\ncase \"$*\" in *'-d -o link'*) echo 'Option \"-d\" is unknown' >&2; "
                    + "exit 255 ;; esac\nexec " + ip + " \"$@\"\n");
            fake.toFile().setExecutable(true);
            String snap = id();
            List<String> take = new ArrayList<>(List.of("env", "PATH=" + bin + ":" + System.getenv("PATH")));
            take.addAll(StateScript.take(snap));
            Snapshot s = Snapshot.parse(snap, in(take, null).stdout());
            assertTrue(s.partial());
            assertEquals(List.of("links (ip -d -o link show)"), s.missingRequired());
        } finally {
            local("rm", "-rf", bin.toString());
        }
    }

    @Test
    void aSecondRollbackTakesOverTheFirstAndEitherConfirmSettlesBoth() {
        String s1 = id();
        String s2 = id();
        String a = id();
        String b = id();
        in(StateScript.take(s1), null);
        assertEquals(0, in(RollbackScript.arm(a, 120, s1), RollbackScript.text(a, "first")).exit());
        in(StateScript.take(s2), null);
        ExecResult second = in(RollbackScript.arm(b, 120, s2), RollbackScript.text(b, "second"));
        assertTrue(second.stdout().contains("chained: " + a), second.stdout());
        assertEquals(s1, local("cat", "/run/netshell/rollback/" + b + ".base").stdout().strip(),
                "the later rollback restores the older snapshot");
        assertTrue(Files.exists(Path.of("/run/netshell/snap/" + s2)), "the change's own snapshot stays for its diff");
        in(StateScript.diff(s2, id(), true), null);
        assertFalse(Files.exists(Path.of("/run/netshell/snap/" + s2)),
                "no rollback restores it: dropped after the diff");
        assertTrue(Files.exists(Path.of("/run/netshell/snap/" + s1)), "the one the rollback restores stays");

        ExecResult confirmFirst = in(RollbackScript.disarm(a), null);
        assertEquals(0, confirmFirst.exit(), confirmFirst.stdout() + confirmFirst.stderr());
        assertTrue(confirmFirst.stdout().contains("with the later change's rollback " + b), confirmFirst.stdout());
        assertFalse(Files.exists(Path.of("/run/netshell/rollback/" + b + ".sh")), "nothing stays armed");
        ExecResult confirmSecond = in(RollbackScript.disarm(b), null);
        assertEquals(0, confirmSecond.exit(), "already kept: " + confirmSecond.stdout());
    }

    @Test
    void aRollbackThatIsGoneIsReportedAsMissing() {
        ExecResult r = in(RollbackScript.disarm(id()), null);
        assertEquals(4, r.exit());
        assertTrue(r.stdout().contains("node rebooted?"), r.stdout());
    }
}
