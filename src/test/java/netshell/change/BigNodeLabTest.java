package netshell.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import netshell.node.LocalNode;
import netshell.testing.Eventually;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/**
 * The safety net on a node as big as a Kubernetes node and a router at once (5000 kube-proxy services, about 30k nat
 * lines, and 200k routes): a one-line change journals and shows one line, undo puts it back, and an unconfirmed
 * change rolls back by itself on the node, leaving its tables exactly as they were.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@NeedsRoot
class BigNodeLabTest {
    private TestShell shell;
    private Path journal;

    @BeforeAll
    void up() throws Exception {
        shell = TestShell.lab("nsbig", 1);
        journal = Files.createTempDirectory("nsbig-journal");
        shell.session().changeGuard(new SafeChanges(new Journal(journal)));
        assertEquals(0, shell.node("node1").run(List.of("iptables-restore", "--noflush"), BigTables.kubeProxyNat(5000))
                .exit());
        assertEquals(0, shell.node("node1").run(List.of("ip", "-batch", "-"), BigTables.routes(200_000,
                "192.168.56.11")).exit());
    }

    @AfterAll
    void down() throws Exception {
        if (shell != null) shell.close();
        if (journal != null) {
            UndoLabTest.removeRollbackFiles(new Journal(journal));
            new LocalNode("l").run("rm", "-rf", journal.toString());
        }
    }

    private String routes() { return shell.sh("node1", "ip", "route", "show", "table", "all").stdout(); }

    private String nat() {
        return String.join("\n", shell.sh("node1", "iptables-save", "-t", "nat").stdout().lines()
                .filter(l -> !l.startsWith("#")).map(l -> l.replaceFirst(" \\[\\d+:\\d+\\]$", "")).toList());
    }

    private TestShell.Run ok(String line) {
        TestShell.Run r = shell.run(line);
        assertEquals(0, r.status(), line + "\n" + r.out() + r.err());
        return r;
    }

    private int lastChange() {
        return new Journal(journal).all().stream().mapToInt(r -> r.id()).max().orElseThrow();
    }

    @Test
    void aOneRouteChangeShowsOneLineAndUndoPutsItBack() throws Exception {
        String before = routes();
        assertTrue(before.lines().count() >= 200_000);
        // journaled: raw commands with --confirm
        ok("node1 --confirm 600 ip route add 10.255.1.0/24 via 192.168.56.12");
        ok("confirm");
        int id = lastChange();
        String shown = ok("changes show " + id).out();
        assertEquals(List.of("[node1 routes]", "+ 10.255.1.0/24 via 192.168.56.12 dev eth1"),
                shown.lines().skip(1).toList(), shown);
        long bytes = Files.list(journal).filter(p -> p.getFileName().toString().startsWith(String.format("%06d", id)))
                .mapToLong(p -> p.toFile().length()).sum();
        assertTrue(bytes < 100_000, "journal of a one-line change: " + bytes + " bytes");
        ok("undo");
        assertEquals(before, routes());
    }

    @Test
    void aOneRuleChangeInTheBigNatTableShowsOneLineAndUndoPutsItBack() {
        String before = nat();
        ok("node1 --confirm 600 iptables -t nat -I KUBE-SERVICES 2500 -d 10.97.0.1/32 -p tcp --dport 443 "
                + "-j KUBE-MARK-MASQ");
        ok("confirm");
        String shown = ok("changes show " + lastChange()).out();
        assertEquals(List.of("[node1 iptables nat]",
                "+ -A KUBE-SERVICES -d 10.97.0.1/32 -p tcp -m tcp --dport 443 -j KUBE-MARK-MASQ"),
                shown.lines().skip(1).toList(), shown);
        ok("undo");
        assertEquals(before, nat());
    }

    @Test
    void aVipIsJournaledByOurChainsAloneAndUndoLeavesKubeProxysTableExactly() {
        String before = nat();
        ok("lb add-vip 192.168.56.200:80 --on node1 --backend 10.0.1.11:80");
        int id = lastChange();
        var groups = new Journal(journal).get(id).orElseThrow().nodes().get(0).deltas().stream()
                .map(netshell.change.plan.GroupDelta::group).sorted().toList();
        assertEquals(List.of("addresses", "ipt4.filter~NETSHELL-", "ipt4.nat~NETSHELL-"),
                groups.stream().filter(g -> !g.equals("sysctl")).toList(), "only what the VIP touched was read");
        String shown = ok("changes show " + id).out();
        assertTrue(shown.contains("+ -A NETSHELL-SERVICES -d 192.168.56.200/32"), shown);
        assertTrue(shown.lines().noneMatch(l -> l.contains("KUBE-")), "kube-proxy's lines are not carried: " + shown);
        ok("undo " + id);
        assertEquals(before, nat());
    }

    @Test
    void anUnconfirmedChangeRollsBackByItselfExactly() throws Exception {
        String routes = routes();
        String nat = nat();
        ok("node1 --confirm 5 ip route del 10.128.0.7/32");
        ok("node1 --confirm 5 iptables -t nat -D KUBE-SERVICES 3");
        Eventually.until(Duration.ofSeconds(120), this::routes, routes::equals, "every route back");
        Eventually.until(Duration.ofSeconds(10), this::nat, nat::equals, "the nat table back, line for line");
    }
}
