package netshell.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import netshell.doctor.DoctorReport;
import netshell.doctor.checks.Finding;
import netshell.doctor.checks.Status;
import netshell.testing.TestShell;

/**
 * The healthy lab the fault tests plant in: three nodes, an overlay 10.0.0.0/24 (VNI 100), a container on each
 * node, and a VIP on node1 balanced over the three. close() removes it all with the lab.
 */
final class FaultLab implements AutoCloseable {
    static final String VIP = "10.0.0.40:80";
    final TestShell shell;
    final List<String> backends = new ArrayList<>();

    FaultLab(String prefix) {
        shell = TestShell.lab(prefix, 3);
        try {
            ok("overlay create 10.0.0.0/24 --vni 100");
            for (int i = 1; i <= 3; i++) ok("container run c" + i + " --on node" + i);
            String ls = ok("container ls --json");
            for (String line : ls.split("\n")) {
                var m = java.util.regex.Pattern.compile("\"address\": \"([0-9.]+)\"").matcher(line);
                if (m.find()) backends.add(m.group(1));
            }
            assertEquals(3, backends.size(), ls);
            StringBuilder vip = new StringBuilder("lb add-vip " + VIP + " --on node1");
            backends.forEach(b -> vip.append(" --backend ").append(b).append(":80"));
            ok(vip.toString());
        } catch (RuntimeException | Error e) {
            shell.close();
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

    @Override
    public void close() { shell.close(); }
}
