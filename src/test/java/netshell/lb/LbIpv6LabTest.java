package netshell.lb;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import netshell.lb.rules.InstalledServices;
import netshell.lb.rules.IptablesSave;
import netshell.doctor.DoctorReport;
import netshell.doctor.checks.Finding;
import netshell.node.LocalNode;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/**
 * An IPv6 VIP against a real kernel: a 2-node lab with the IPv6 underlay (lab up --ipv6), backend 1 behind
 * node1 (fd00:10:1::11) and backend 9 behind node2 (fd00:10:2::19, routed from node1 over fd56::/64). The VIP
 * lives on node1, through ip6tables and through the nft ip6 table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@NeedsRoot("ip netns, ip6tables")
class LbIpv6LabTest {
    private TestShell shell;
    private LbBackends backends;
    private String local;
    private String remote;

    @BeforeAll
    void up() throws Exception {
        assumeTrue(Files.exists(Path.of("target/netshell.jar")), "needs target/netshell.jar (mvn package)");
        shell = TestShell.lab("ns14", 2, true);
        backends = new LbBackends(shell);
        backends.bridge("node1", 1);
        backends.bridge("node2", 2);
        backends.start("node1", 1, 1);
        backends.start("node2", 2, 9);
        local = withIpv6("node1", 1, 1);
        remote = withIpv6("node2", 2, 9);
        shell.sh("node1", "ip", "-6", "route", "add", "fd00:10:2::/64", "via", "fd56::b");
        backends.awaitUp("node1", List.of(local));
        backends.awaitUp("node2", List.of(remote));
    }

    /** Gives backend n (already started on its IPv4 bridge) an IPv6 address and route; returns [ADDR]:80. */
    private String withIpv6(String node, int subnet, int n) {
        shell.sh(node, "ip", "-6", "addr", "replace", "fd00:10:" + subnet + "::1/64", "dev", "lbbr", "nodad");
        String ns = shell.lab().name() + "-b" + n;
        String address = "fd00:10:" + subnet + "::" + (10 + n);
        LocalNode host = new LocalNode("localhost");
        assertTrue(host.run("ip", "-n", ns, "-6", "addr", "add", address + "/64", "dev", "eth0", "nodad").ok());
        assertTrue(host.run("ip", "-n", ns, "-6", "route", "add", "default", "via", "fd00:10:" + subnet + "::1").ok());
        return "[" + address + "]:80";
    }

    @AfterAll
    void down() {
        if (backends != null) backends.close();
        if (shell != null) shell.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"iptables", "nft"})
    void bothBackendsAnswerFairlyIdempotentlyAndDeleteLeavesNoTrace(String mode) throws Exception {
        String vip = mode.equals("nft") ? "[fd56::110]:80" : "[fd56::100]:80";
        String foreign = foreignRules("node1");
        String addrBefore = addr("node1");
        String line = "lb add-vip " + vip + " --on node1 --mode " + mode + " --backend " + local + " --backend "
                + remote;
        try {
            ok(line);
            assertEquals("1", shell.sh("node1", "sysctl", "-n", "net.ipv6.conf.all.forwarding").stdout().strip());
            assertTrue(addr("node1").contains(" fd56::" + (mode.equals("nft") ? "110" : "100") + "/128 "),
                    addr("node1"));
            if (mode.equals("iptables")) {
                assertTrue(save6("node1").contains("-A NETSHELL-SERVICES -d fd56::100/128 -p tcp"), save6("node1"));
                assertTrue(save6("node1").contains("-j DNAT --to-destination [fd00:10:2::19]:80"), save6("node1"));
                assertTrue(save6("node1").contains("-j MASQUERADE"), save6("node1"));
            } else {
                assertTrue(nft6("node1").contains("dnat ip6 to numgen random mod 2 map"), nft6("node1"));
            }
            LbTestReport r = (LbTestReport) shell.invoke("lb test " + vip + " -n 300");
            // The OUTPUT path to a backend on another node loses a connection now and then, in both families and
            // modes (LbCommandsLabTest's IPv4 walkthrough shows it too): both must answer, losses stay below 1%.
            assertTrue(answers(r).containsAll(Set.of("backend 1", "backend 9")), r.text());
            assertTrue(r.rows().stream().filter(x -> x.answer().startsWith("(no answer)")).mapToLong(x -> x.count())
                    .sum() < 3, r.text());
            if (r.pValue() < 0.001) r = (LbTestReport) shell.invoke("lb test " + vip + " -n 300");
            assertTrue(r.pValue() >= 0.001, r.text());
            LbTestReport prerouting = (LbTestReport) shell.invoke("lb test " + vip + " --from node2 -n 40");
            assertEquals(Set.of("backend 1", "backend 9"), answers(prerouting), "PREROUTING: " + prerouting.text());

            LbReport show = (LbReport) shell.invoke("lb show " + vip);
            assertEquals(2, show.rows().size(), show.text());
            assertTrue(show.text().contains("[fd00:10:1::11]:80"), show.text());
            @SuppressWarnings("unchecked")
            var checks = (List<LbProbe.Check>) shell.invoke("lb check " + vip);
            assertTrue(checks.stream().allMatch(LbProbe.Check::up), checks.toString());

            String first = save6("node1"), firstNft = nft6("node1"), firstAddr = addr("node1");
            ok(line);
            assertTrue(IptablesSave.sameRules(first, save6("node1")),
                    String.join("\n", IptablesSave.diff(first, save6("node1"))));
            assertEquals(firstNft, nft6("node1"));
            assertEquals(firstAddr, addr("node1"));
            assertEquals(mode.equals("iptables") ? 2 : 0,
                    save6("node1").lines().filter(l -> l.contains("-j NETSHELL-SERVICES")).count());
        } finally {
            shell.run("lb delete " + vip);
        }
        IptablesSave after = IptablesSave.parse(save6("node1"));
        assertTrue(after.ours().isEmpty() && after.ourChains().isEmpty(), "our rules left: " + after.ours());
        assertTrue(InstalledServices.fromIptables(after).isEmpty());
        assertEquals("", nft6("node1"), "our nft ip6 table is gone");
        assertEquals(addrBefore, addr("node1"), "VIP address removed");
        assertEquals(foreign, foreignRules("node1"), "foreign ip6tables rules byte-identical");
    }

    @Test
    void doctorChecksTheIpv6VipAndFindsForwardingOff() throws Exception {
        ok("lb add-vip [fd56::130]:80 --on node1 --backend " + local + " --backend " + remote);
        try {
            DoctorReport healthy = (DoctorReport) shell.invoke("doctor --on node1");
            List<Finding> v6 = healthy.rows().stream().filter(f -> f.check().endsWith("-v6")).toList();
            assertTrue(v6.stream().map(Finding::check).toList().containsAll(
                    List.of("lb-chains-v6", "lb-ladder-v6", "lb-masquerade-v6", "lb-backends-v6")), healthy.text());
            assertTrue(v6.stream().noneMatch(Finding::failed), healthy.text());

            shell.sh("node1", "sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=0");
            DoctorReport off = (DoctorReport) shell.invoke("doctor --on node1");
            List<Finding> failed = off.rows().stream().filter(Finding::failed).toList();
            assertEquals(List.of("ipv6_forwarding"), failed.stream().map(Finding::check).toList(), off.text());
            assertEquals("sysctl -w net.ipv6.conf.all.forwarding=1", failed.get(0).fix());
        } finally {
            shell.sh("node1", "sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1");
            ok("lb delete [fd56::130]:80 --on node1");
        }
    }

    @Test
    void mixedFamiliesAreOneErrorLineAndChangeNothing() {
        String before = save6("node1") + shell.sh("node1", "iptables-save").stdout();
        for (String line : List.of("lb add-vip [fd56::120]:80 --on node1 --backend 10.0.1.11:80",
                "lb add-vip 192.168.56.120:80 --on node1 --backend " + local,
                "lb add-vip fd56::120:80 --on node1 --backend " + local,
                "lb add-vip [fe80::1%eth1]:80 --on node1 --backend " + local)) {
            TestShell.Run r = shell.run(line);
            assertEquals(2, r.status(), line + " → " + r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), line + " → " + r.err());
            assertEquals(before, save6("node1") + shell.sh("node1", "iptables-save").stdout(), line);
        }
        assertTrue(shell.run("lb add-vip [fd56::120]:80 --on node1 --backend 10.0.1.11:80").err()
                .contains("mixed address families"));
    }

    /**
     * Foreign ip6tables rules put in place before the VIP: the test compares them byte for byte after delete.
     * Counters are left out (traffic moves them); rules and their order are not.
     */
    private String foreignRules(String node) {
        if (!save6(node).contains("foreign v6 dnat")) {
            shell.sh(node, "ip6tables", "-w", "-t", "nat", "-A", "PREROUTING", "-p", "tcp", "--dport", "2222", "-m",
                    "comment", "--comment", "foreign v6 dnat", "-j", "DNAT", "--to-destination", "[fd00:9::5]:22");
            shell.sh(node, "ip6tables", "-w", "-A", "FORWARD", "-s", "fd00:9::/64", "-j", "DROP");
        }
        return String.join("\n", save6(node).lines().filter(l -> !l.startsWith("#"))
                .map(l -> l.replaceAll("\\[\\d+:\\d+\\]", "")).toList());
    }

    private void ok(String line) {
        TestShell.Run r = shell.run(line);
        assertEquals(0, r.status(), line + " → " + r.out() + r.err());
    }

    private static Set<String> answers(LbTestReport r) {
        var out = new TreeSet<String>();
        r.rows().forEach(row -> out.add(row.answer()));
        return out;
    }

    private String save6(String node) { return shell.sh(node, "ip6tables-save").stdout(); }

    private String nft6(String node) {
        var r = shell.node(node).run("nft", "list", "table", "ip6", "netshell");
        return r.ok() ? r.stdout().replaceAll("counter packets \\d+ bytes \\d+", "counter") : "";
    }

    /** Global addresses only: link-local ones lose their "tentative" flag as DAD completes, whatever we do. */
    private String addr(String node) {
        return shell.sh(node, "ip", "-6", "-o", "addr", "show", "scope", "global").stdout();
    }
}
