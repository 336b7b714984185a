package netshell.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import netshell.doctor.DoctorReport;
import netshell.doctor.checks.Finding;
import netshell.doctor.checks.Status;
import netshell.testing.TestShell;

/**
 * The healthy lab the fault tests plant in: three nodes (or as many as the shell's lab has), an overlay 10.0.0.0/24
 * (VNI 100), a container on each node, and a VIP on node1 balanced over them. close() removes it all with the lab.
 */
final class FaultLab implements AutoCloseable {
    static final String VIP = "10.0.0.40:80";
    final TestShell shell;
    final int nodes;
    final List<String> backends = new ArrayList<>();
    private final Runnable afterClose;
    /** The warnings a healthy lab of this kind gives (none but where its set-up itself warrants one). */
    Set<String> healthyWarnings = Set.of();

    FaultLab(String prefix) {
        this(TestShell.lab(prefix, 3), 3, () -> {});
    }

    /**
     * The same set-up through {@code shell}, a target of {@code nodes} nodes (a lab over its sshd, a Docker lab);
     * {@code afterClose} removes what the shell does not own.
     */
    FaultLab(TestShell shell, int nodes, Runnable afterClose) {
        this.shell = shell;
        this.nodes = nodes;
        this.afterClose = afterClose;
        try {
            ok("overlay create 10.0.0.0/24 --vni 100");
            for (int i = 1; i <= nodes; i++) ok("container run c" + i + " --on node" + i);
            String ls = ok("container ls --json");
            for (String line : ls.split("\n")) {
                var m = java.util.regex.Pattern.compile("\"address\": \"([0-9.]+)\"").matcher(line);
                if (m.find()) backends.add(m.group(1));
            }
            assertEquals(nodes, backends.size(), ls);
            StringBuilder vip = new StringBuilder("lb add-vip " + VIP + " --on node1");
            backends.forEach(b -> vip.append(" --backend ").append(b).append(":80"));
            ok(vip.toString());
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    String ok(String line) {
        TestShell.Run r = shell.run(line);
        assertEquals(0, r.status(), line + ":\n" + r.out() + r.err());
        return r.out();
    }

    DoctorReport doctor() throws Exception {
        return (DoctorReport) shell.invoke("doctor");
    }

    /** The (check node) pairs doctor FAILs, sorted. */
    static Set<String> failing(DoctorReport r) {
        Set<String> out = new TreeSet<>();
        for (Finding f : r.rows()) if (f.status() == Status.FAIL) out.add(f.check() + " " + f.node());
        return out;
    }

    /** The (check node) pairs doctor WARNs about, sorted. */
    static Set<String> warning(DoctorReport r) {
        Set<String> out = new TreeSet<>();
        for (Finding f : r.rows()) if (f.status() == Status.WARN) out.add(f.check() + " " + f.node());
        return out;
    }

    /**
     * Plants {@code line}'s fault, checks that doctor then FAILs exactly {@code finding} ("CHECK NODE") (a backend
     * the fault cuts off is a warning that names it a consequence), clears it with fault clear, and checks that
     * doctor is clean again.
     */
    void plantFindAndClear(String line, String finding) throws Exception {
        String planted = ok(line);
        assertTrue(planted.startsWith("fault ") && planted.contains("'fault clear "), planted);
        DoctorReport r = doctor();
        assertEquals(Set.of(finding), failing(r), line + ":\n" + r.text());
        ok("fault clear");
        assertEquals("no faults planted", ok("fault ls").strip());
        assertClean("after clearing " + line);
    }

    /** doctor FAILs nothing and WARNs of nothing but what the healthy lab warns of. */
    void assertClean(String when) throws Exception {
        DoctorReport r = doctor();
        assertEquals(Set.of(), failing(r), when + ":\n" + r.text());
        assertEquals(healthyWarnings, warning(r), when + ":\n" + r.text());
    }

    /** Every pair of containers reaches the other over the overlay. */
    void assertFullReach() {
        String reach = ok("pingall --overlay");
        int pairs = nodes * (nodes - 1);
        assertTrue(reach.contains(pairs + "/" + pairs + " reachable"), reach);
    }

    @Override
    public void close() {
        try {
            shell.close();
        } finally {
            afterClose.run();
        }
    }
}
