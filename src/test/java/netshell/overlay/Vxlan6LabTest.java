package netshell.overlay;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import groovy.json.JsonSlurper;
import org.junit.jupiter.api.Test;

import netshell.capture.CapturedPacket;
import netshell.node.ExecResult;
import netshell.node.TestLabs;
import netshell.testing.Eventually;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;
import netshell.testing.TestTimeouts;

/**
 * VXLAN over an IPv6-only underlay path between real lab nodes (lab up --ipv6): a 3-node mesh whose VTEPs are
 * fd56::a/b/c, ping and HTTP across it in both families, and the MTU of an IPv6 underlay (1500 - 70).
 */
@NeedsRoot
class Vxlan6LabTest {

    @Test
    void threeNodeMeshOverIpv6CarriesBothFamiliesAtTheRightMtu() throws Exception {
        try (TestShell sh = TestShell.lab("ns14", 3, true)) {
            ok(sh, "vxlan create --ipv6 --vni 600");
            for (int i = 1; i <= 3; i++) {
                Map<?, ?> data = vxlanData(sh, "node" + i);
                assertEquals("fd56::" + Integer.toHexString(9 + i), data.get("local6"), data.toString());
                assertEquals(Boolean.FALSE, data.get("udp_zero_csum6_tx"), data.toString());
                assertEquals(Boolean.FALSE, data.get("udp_zero_csum6_rx"), data.toString());
                String fdb = sh.sh("node" + i, "bridge", "fdb", "show", "dev", "vxlan0").stdout();
                for (int j = 1; j <= 3; j++) {
                    String peer = "dst fd56::" + Integer.toHexString(9 + j);
                    assertEquals(i != j, fdb.contains(peer), "node" + i + " flood entry to node" + j + ":\n" + fdb);
                }
                assertTrue(sh.sh("node" + i, "ip", "link", "show", "vxlan0").stdout().contains("mtu 1430"));
                sh.sh("node" + i, "ip", "addr", "add", "10.60.0." + i + "/24", "dev", "vxlan0");
                sh.sh("node" + i, "ip", "-6", "addr", "add", "fd00:60::" + i + "/64", "dev", "vxlan0", "nodad");
            }
            TestShell.Run again = sh.run("vxlan create --ipv6 --vni 600 --explain");
            assertEquals(0, again.status(), again.err());
            assertFalse((again.out() + again.err()).contains("ip link add"), "nothing to do: " + again.out());
            assertFalse(ok(sh, "vxlan show").contains("warning"), ok(sh, "vxlan show"));

            // Both families across the mesh; no IPv4 route joins the VTEPs' tunnel path: it is IPv6 underneath.
            must(sh.sh("node1", "ping", "-c", "1", "-W", "2", "10.60.0.2"));
            must(sh.sh("node2", "ping", "-6", "-c", "1", "-W", "2", "fd00:60::3"));
            must(sh.sh("node3", "ping", "-6", "-c", "1", "-W", "2", "fd00:60::1"));
            // 1400 bytes with DF fit the 1430 MTU in both families; 1431 does not.
            must(sh.sh("node1", "ping", "-c", "1", "-W", "2", "-M", "do", "-s", "1372", "10.60.0.3"));
            must(sh.sh("node1", "ping", "-6", "-c", "1", "-W", "2", "-M", "do", "-s", "1352", "fd00:60::3"));
            assertFalse(sh.node("node1").run("ping", "-c", "1", "-W", "2", "-M", "do", "-s", "1403", "10.60.0.3").ok(),
                    "a 1431-byte DF packet exceeds the overlay MTU");

            Process server = new ProcessBuilder("ip", "netns", "exec", sh.lab().name() + "-node3", "java", "-Xmx48m",
                    "-XX:TieredStopAtLevel=1", "-cp", "target/netshell.jar", "netshell.overlay.HelloServer", "8060",
                    "hello over vxlan6").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try {
                assertEquals("hello over vxlan6", curl(sh, "http://10.60.0.3:8060/"));
                assertEquals("hello over vxlan6", curl(sh, "http://[fd00:60::3]:8060/"));
            } finally {
                server.destroyForcibly().waitFor();
            }
            // tcpdump vxlan with a VNI filter over the IPv6 underlay: the filter must read the VNI after an IPv6
            // header.
            List<Object> rows = new ArrayList<>();
            Thread capture = new Thread(() -> {
                try {
                    sh.invoke("tcpdump vxlan -c 3 --on node2 --vni 600", rows);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            capture.start();
            String node2 = sh.lab().name() + "-node2";
            Eventually.until(Duration.ofSeconds(15), () -> TestLabs.capturingIn(node2, "tcpdump"),
                    "tcpdump listening in " + node2);
            long deadline = System.nanoTime() + TestTimeouts.scaled(Duration.ofSeconds(20)).toNanos();
            while (capture.isAlive() && System.nanoTime() - deadline < 0) {
                sh.node("node1").run("ping", "-6", "-c", "1", "-W", "1", "fd00:60::2");
            }
            capture.join(TestTimeouts.scaledMillis(5_000));
            assertFalse(capture.isAlive(), "capture did not finish");
            List<CapturedPacket> packets = rows.stream().filter(CapturedPacket.class::isInstance)
                    .map(CapturedPacket.class::cast).toList();
            assertEquals(3, packets.size(), rows.toString());
            for (CapturedPacket c : packets) {
                assertEquals(Integer.valueOf(600), c.vni(), c.toString());
                assertTrue(c.toString().contains("fd56::"), c.toString());
            }
            ok(sh, "vxlan delete");
            assertFalse(sh.sh("node1", "ip", "link").stdout().contains("vxlan0"));
        }
    }

    private static Map<?, ?> vxlanData(TestShell sh, String node) {
        String json = sh.sh(node, "ip", "-d", "-j", "link", "show", "vxlan0").stdout();
        List<?> links = (List<?>) new JsonSlurper().parseText(json);
        Map<?, ?> info = (Map<?, ?>) ((Map<?, ?>) links.get(0)).get("linkinfo");
        return (Map<?, ?>) info.get("info_data");
    }

    /** Waits for the server (a JVM starting) and returns the body. */
    private static String curl(TestShell sh, String url) {
        return Eventually.until(Duration.ofSeconds(60), () -> sh.node("node1").run("curl", "-s", "-g", "-m", "2", url),
                ExecResult::ok, url + " answers").stdout().strip();
    }

    private static void must(ExecResult r) {
        assertTrue(r.ok(), r.stdout() + r.stderr());
    }

    private static String ok(TestShell sh, String line) {
        TestShell.Run r = sh.run(line);
        assertEquals(0, r.status(), line + " -> " + r.out() + r.err());
        return r.out();
    }
}
