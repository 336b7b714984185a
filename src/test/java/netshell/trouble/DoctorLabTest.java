package netshell.trouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import netshell.app.LiveCompletions;
import netshell.doctor.DoctorReport;
import netshell.doctor.checks.Finding;
import netshell.lb.rules.ChainNames;
import netshell.lb.rules.IptablesSave;
import netshell.overlay.plan.ContainerPlanner;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;
import netshell.testing.TestTimeouts;

/** doctor on a healthy walkthrough-2 lab, then one injected fault at a time: exactly that fault, a fix that works. */
@NeedsRoot
class DoctorLabTest {
    static Walkthrough2 setup;
    static TestShell shell;

    @BeforeAll
    static void up() {
        shell = TestShell.lab("nst2", 2);
        setup = new Walkthrough2(shell).overlay().containers().loadBalancer();
    }

    @AfterAll
    static void down() {
        if (setup != null) setup.close();
        else if (shell != null) shell.close();
    }

    static DoctorReport doctor() throws Exception {
        return (DoctorReport) shell.invoke("doctor");
    }

    static void assertHealthy(String after) throws Exception {
        DoctorReport r = doctor();
        assertFalse(r.failed(), after + ":\n" + r.text());
    }

    @Test
    void healthySetupPassesAndEveryCheckRan() throws Exception {
        DoctorReport r = doctor();
        assertFalse(r.failed(), r.text());
        Set<String> checks = r.rows().stream().map(Finding::check).collect(Collectors.toSet());
        for (String c : List.of("tools", "privileges", "ip_forward", "underlay", "vxlan-agree", "fdb", "vxlan-up",
                "bridge", "mtu",
                "addresses", "lb-chains", "lb-ladder", "lb-masquerade", "lb-backends")) {
            assertTrue(checks.contains(c), c + " missing:\n" + r.text());
        }
        var run = shell.run("doctor | grep FAIL");
        assertEquals("", run.out(), run.err());
        var json = shell.run("doctor --json");
        assertEquals(0, json.status(), json.err());
        assertTrue(json.out().strip().startsWith("[") && json.out().contains("\"check\": \"lb-ladder\""), json.out());
    }

    @Test
    void completionCandidatesComeFromLabState() throws Exception {
        try (var live = LiveCompletions.attach(shell.session(), Duration.ofSeconds(60))) {
            assertTrue(live.refreshAndWait(TestTimeouts.scaled(Duration.ofSeconds(10))));
            var c = shell.session().completions();
            List<String> veths = new ArrayList<>();
            for (int i = 1; i <= 3; i++) veths.add(ContainerPlanner.hostVeth(setup.container(i)));
            List<String> ifaces = new ArrayList<>(List.of("eth1", "lo", "nsbr0", "vxlan0"));
            ifaces.addAll(veths);
            Collections.sort(ifaces);
            assertEquals(ifaces, c.values("iface"));
            assertEquals(List.of("100"), c.values("vni"));
            assertEquals(List.of("10.0.0.40:80"), c.values("vip"));
            assertEquals(List.of("10.0.0.129:80", "10.0.0.65:80", "10.0.0.66:80"), c.values("backend"));
            // Containers as commands take them: the names the containers' finder gives (these namespaces, made by
            // a plan rather than 'container run', are not containers 'container exec' would find).
            var ctx = new netshell.command.Context(shell.session(), false, false, row -> {});
            List<String> found = shell.session().containers().find(ctx, shell.session().select(null))
                    .stream().map(x -> x.name()).sorted().toList();
            assertEquals(found, c.values("container"));
            assertEquals(List.of("node1", "node2"), c.values("node"));
        }
    }

    /** One fault: how to inject it on a node, and which check must then be the only one failing, on that node. */
    record Fault(String name, String node, List<String> inject, String check) {}

    @Test
    void eachInjectedFaultIsReportedAloneWithAFixThatWorks() throws Exception {
        List<Fault> faults = List.of(
                new Fault("ip_forward off", "node1", List.of("sysctl", "-w", "net.ipv4.ip_forward=0"), "ip_forward"),
                new Fault("MTU mismatch", "node2", List.of("ip", "link", "set", "vxlan0", "mtu", "1400"), "mtu"),
                new Fault("missing FDB peer", "node1",
                        List.of("bridge", "fdb", "del", "00:00:00:00:00:00", "dev", "vxlan0", "dst", "192.168.56.11"),
                        "fdb"),
                new Fault("vxlan device down", "node2", List.of("ip", "link", "set", "vxlan0", "down"), "vxlan-up"),
                // The MASQUERADE rule by its place (the hairpin SNAT rules of the backends come before it).
                new Fault("MASQUERADE deleted", "node1", List.of("sh", "-c", "iptables -w -t nat -D "
                        + ChainNames.POSTROUTING + " $(iptables -w -t nat -L " + ChainNames.POSTROUTING
                        + " --line-numbers | awk '/MASQUERADE/ { print $1; exit }')"), "lb-masquerade"),
                new Fault("wrong probability ladder", "node1", naiveLadderRule(), "lb-ladder"));
        List<String> fixes = new ArrayList<>();
        for (Fault f : faults) {
            shell.sh(f.node(), f.inject().toArray(String[]::new));
            DoctorReport r = doctor();
            List<Finding> failures = r.failures();
            assertFalse(failures.isEmpty(), f.name() + " not detected:\n" + r.text());
            for (Finding x : failures) {
                assertEquals(f.check(), x.check(), f.name() + " reported as something else:\n" + r.text());
                assertEquals(f.node(), x.node(), f.name() + ":\n" + r.text());
                assertFalse(x.fix().isBlank(), f.name() + " has no fix");
            }
            var grep = shell.run("doctor | grep FAIL");
            assertEquals(1, grep.status());
            assertEquals(failures.size(), grep.out().lines().count(), grep.out());
            for (Finding x : failures) {
                fixes.add(f.name() + ": " + x.fix());
                shell.sh(x.node(), "sh", "-c", x.fix());
            }
            assertHealthy("after fixing " + f.name());
        }
        System.out.println("doctor fixes:\n  " + String.join("\n  ", fixes));
    }

    /** Rule 2 of the 3-backend ladder rewritten with 1/3, the common mistake (shares 33% 22% 44%). */
    static List<String> naiveLadderRule() {
        String svc = ChainNames.service(setup.service);
        IptablesSave save = IptablesSave.parse(shell.sh("node1", "iptables-save", "-t", "nat").stdout());
        IptablesSave.Rule second = save.rules("nat", svc).get(1);
        List<String> matches = new ArrayList<>(second.matches());
        matches.set(matches.indexOf("--probability") + 1, "0.3333333333");
        List<String> argv = new ArrayList<>(List.of("iptables", "-w", "-t", "nat", "-R", svc, "2"));
        argv.addAll(matches);
        argv.add("-j");
        argv.add(second.target());
        return argv;
    }
}
