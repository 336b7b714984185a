package netshell.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import netshell.doctor.DoctorReport;
import netshell.testing.TestShell;

/**
 * For bench/doctor.sh: {@code PREFIX N REPS} brings up a lab of N nodes named PREFIX-… (an overlay 10.0.0.0/16, a
 * container on each node, a VIP on node1 over every container), runs doctor once to warm up, then REPS times with
 * every check and REPS times with the 0.2 checks only ({@code netshell.doctor.checks=0.2}), alternating, in this one
 * process (JVM start excluded), and prints one line: N, the medians in milliseconds, the checks of each set, and the
 * runs. The lab is removed at the end, also on failure.
 */
public final class DoctorBench {
    private DoctorBench() {}

    public static void main(String[] args) throws Exception {
        String prefix = args[0];
        int n = Integer.parseInt(args[1]);
        int reps = Integer.parseInt(args[2]);
        try (TestShell sh = TestShell.lab(prefix, n)) {
            ok(sh, "overlay create 10.0.0.0/16 --vni 100");
            for (int i = 1; i <= n; i++) ok(sh, "container run c" + i + " --on node" + i);
            StringBuilder vip = new StringBuilder("lb add-vip 192.168.60.1:80 --on node1");
            for (String line : ok(sh, "container ls").lines().toList()) {
                var m = java.util.regex.Pattern.compile("\\b(10\\.0\\.[0-9.]+)\\b").matcher(line);
                if (m.find()) vip.append(" --backend ").append(m.group(1)).append(":80");
            }
            ok(sh, vip.toString());
            DoctorReport warm = doctor(sh, true);
            long[] all = new long[reps];
            long[] base = new long[reps];
            int allRows = 0;
            int baseRows = 0;
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                allRows = doctor(sh, true).rows().size();
                all[r] = (System.nanoTime() - t0) / 1_000_000;
                t0 = System.nanoTime();
                baseRows = doctor(sh, false).rows().size();
                base[r] = (System.nanoTime() - t0) / 1_000_000;
            }
            System.out.printf(Locale.ROOT, "%d %d %d %d %d %d %s %s%n", n, median(all), median(base), allRows,
                    baseRows, warm.failures().size(), Arrays.toString(all).replace(" ", ""),
                    Arrays.toString(base).replace(" ", ""));
        }
    }

    private static DoctorReport doctor(TestShell sh, boolean allChecks) throws Exception {
        if (allChecks) System.clearProperty("netshell.doctor.checks");
        else
            System.setProperty("netshell.doctor.checks", "0.2");
        try {
            return (DoctorReport) sh.invoke("doctor");
        } finally {
            System.clearProperty("netshell.doctor.checks");
        }
    }

    private static String ok(TestShell sh, String line) {
        TestShell.Run r = sh.run(line);
        if (r.status() != 0) throw new IllegalStateException(line + ": " + r.out() + r.err());
        return r.out();
    }

    private static long median(long[] v) {
        List<Long> s = new ArrayList<>();
        for (long x : v) s.add(x);
        s.sort(null);
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }
}
