package netshell.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import netshell.lb.rules.Endpoint;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/**
 * nft mode at work on a real kernel: three VIPs over four backends each, dispatched through the services map; a
 * backend added and removed by element updates leaves the other VIPs' chains, counters and conntrack entries as
 * they were; a second create changes nothing; delete leaves no trace and a foreign table byte for byte.
 */
@NeedsRoot("ip netns, nft")
class NftMapsLabTest {
    static final List<String> VIPS = List.of("192.168.56.150:80", "192.168.56.151:80", "192.168.56.152:80");

    @Test
    void threeVipsFourBackendsFairElementUpdatesIdempotentCleanDelete() throws Exception {
        assumeTrue(Files.exists(Path.of("target/netshell.jar")), "needs target/netshell.jar (mvn package)");
        try (TestShell sh = TestShell.lab("ns13", 1); LbBackends backends = new LbBackends(sh)) {
            backends.bridge("node1", 1);
            List<String> b = new ArrayList<>();
            for (int n = 1; n <= 5; n++) b.add(backends.start("node1", 1, n));
            backends.awaitUp("node1", b);
            assertEquals(0, sh.node("node1").run(List.of("nft", "-f", "-"), "table inet foreign {\n chain input {\n"
                    + "  type filter hook input priority 0; policy accept;\n  tcp dport 22 counter accept\n }\n}\n")
                    .exit());
            String foreign = nft(sh, "list", "table", "inet", "foreign");
            try {
                String four = " --backend " + String.join(" --backend ", b.subList(0, 4));
                for (String vip : VIPS) ok(sh, "lb add-vip " + vip + " --on node1 --mode nft" + four);
                String table = nft(sh, "list", "table", "ip", "netshell");
                assertTrue(table.contains("ip daddr . meta l4proto . th dport vmap @services"), table);
                for (String vip : VIPS) {
                    LbTestReport r = (LbTestReport) sh.invoke("lb test " + vip + " -n 200");
                    assertEquals(4, r.rows().size(), r.text());
                    assertTrue(r.pValue() >= 0.001, "fair by χ²: " + r.text());
                }
                LbReport show = (LbReport) sh.invoke("lb show");
                assertTrue(show.rows().stream().allMatch(row -> row.mode().equals("nft")), show.text());
                assertTrue(show.text().contains("(nft)"), show.text());

                Map<String, String> others = untouched(sh);
                String handle = tableHandle(sh);
                TestShell.Run add = sh.run("lb add-backend " + VIPS.get(0) + " " + b.get(4) + " --explain");
                assertEquals(0, add.status(), add.out() + add.err());
                assertFalse((add.out() + add.err()).contains("delete table"), "no table rewrite: " + add.out());
                assertEquals(others, untouched(sh), "other VIPs' chains, counters and conntrack entries");
                assertEquals(handle, tableHandle(sh), "same table");
                LbTestReport five = (LbTestReport) sh.invoke("lb test " + VIPS.get(0) + " -n 100");
                assertEquals(5, five.rows().size(), five.text());

                others = untouched(sh);
                ok(sh, "lb rm-backend " + VIPS.get(0) + " " + b.get(4));
                assertEquals(others, untouched(sh));
                assertEquals(handle, tableHandle(sh));

                String before = nft(sh, "list", "table", "ip", "netshell");
                for (String vip : VIPS) ok(sh, "lb add-vip " + vip + " --on node1 --mode nft" + four);
                assertEquals(before, nft(sh, "list", "table", "ip", "netshell"), "a second create changes nothing");
            } finally {
                for (String vip : VIPS) sh.run("lb delete " + vip);
            }
            assertFalse(sh.node("node1").run("nft", "list", "table", "ip", "netshell").ok(), "our table is gone");
            assertEquals(foreign, nft(sh, "list", "table", "inet", "foreign"), "foreign table byte for byte");
        }
    }

    /** For VIPs 2 and 3: their chains with counters (nft -a: with handles) and their conntrack entries. */
    static Map<String, String> untouched(TestShell sh) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String vip : VIPS.subList(1, 3)) {
            Endpoint e = Endpoint.parse(vip);
            String chains = nft(sh, "-a", "list", "table", "ip", "netshell");
            out.put(vip + " chains", chainsOf(chains, vip));
            out.put(vip + " conntrack", String.valueOf(sh.sh("node1", "conntrack", "-L", "-d", e.address())
                    .stdout().lines().count()));
        }
        return out;
    }

    /** Every chain block whose rules name this VIP's service (its service chain and backend chains). */
    static String chainsOf(String table, String vip) {
        StringBuilder sb = new StringBuilder();
        Matcher m = Pattern.compile("(?s)\\tchain (s(?:vc|ep)-\\w+) \\{.*?\\n\\t}").matcher(table);
        while (m.find()) if (m.group().contains("netshell:" + vip + "/tcp")) sb.append(m.group()).append('\n');
        assertFalse(sb.isEmpty(), "no chains of " + vip + " in " + table);
        return sb.toString();
    }

    static String tableHandle(TestShell sh) {
        return nft(sh, "-a", "list", "table", "ip", "netshell").lines().findFirst().orElse("");
    }

    static String nft(TestShell sh, String... args) {
        List<String> argv = new ArrayList<>(List.of("nft"));
        argv.addAll(List.of(args));
        var r = sh.node("node1").run(argv, null);
        assertEquals(0, r.exit(), String.join(" ", argv) + ": " + r.stderr());
        return r.stdout();
    }

    static void ok(TestShell sh, String line) {
        TestShell.Run r = sh.run(line);
        assertEquals(0, r.status(), line + " → " + r.out() + r.err());
    }

}
