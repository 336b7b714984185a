package netshell.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;
import org.junit.jupiter.api.Test;

import netshell.node.LocalNode;
import netshell.node.NetnsNode;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/** Overlay, containers and removal on real labs (as root): traffic, MTU, idempotency, clean removal, rollback. */
@NeedsRoot
class OverlayLabTest {
    @Test
    void threeNodeMeshContainersIdempotencyRemovalAndRollback() throws Exception {
        try (TestShell sh = TestShell.lab("nso", 3)) {
            // Foreign objects that every delete must leave alone.
            sh.sh("node1", "ip", "link", "add", "fbr0", "type", "bridge");
            sh.sh("node1", "ip", "addr", "add", "172.16.0.1/24", "dev", "fbr0");
            sh.sh("node2", "ip", "link", "add", "fv0", "type", "veth", "peer", "name", "fv1");
            sh.sh("node2", "ip", "addr", "add", "172.16.1.1/24", "dev", "fv0");
            Map<String, String> before = snapshot(sh);

            ok(sh, "overlay create 10.0.0.0/24");
            for (int i = 1; i <= 3; i++) ok(sh, "container run c" + i + " --on node" + i);
            Map<String, String> created = snapshot(sh);
            String a1 = address(sh, "c1"), a2 = address(sh, "c2"), a3 = address(sh, "c3");
            assertEquals(List.of("10.0.0.65", "10.0.0.129", "10.0.0.193"), List.of(a1, a2, a3));

            // Containers on different nodes reach each other over the VXLAN, with full-size frames.
            ok(sh, "container exec c1 ping -c 1 -W 2 " + a2);
            ok(sh, "container exec c2 ping -c 1 -W 2 " + a3);
            ok(sh, "container exec c3 ping -c 1 -W 2 -M do -s 1372 " + a1);
            assertEquals("Hello from c2", ok(sh, "container exec c1 curl -s -m 5 http://" + a2 + "/").strip());
            assertEquals("Hello from c3", ok(sh, "container exec c1 curl -s -m 5 http://" + a3 + "/").strip());
            assertEquals("Hello from c1", ok(sh, "container exec c3 curl -s -m 5 http://" + a1 + "/").strip());
            assertFalse(ok(sh, "vxlan show").contains("warning"), "nodes agree");
            String topo = ok(sh, "topology");
            assertTrue(topo.contains("container c2  10.0.0.129")
                    && topo.contains("node1 <== vxlan0 VNI 100 udp/4789 ==> node2"), topo);
            assertTrue(ok(sh, "topology --dot").startsWith("graph netshell {"));
            Path page = Files.createTempFile("topology", ".html");
            try {
                assertEquals("wrote " + page + ": 3 nodes, 3 tunnels, 3 containers",
                        ok(sh, "topology --html " + page).strip());
                String html = Files.readString(page);
                for (int i = 1; i <= 3; i++) assertTrue(html.contains("data-container=\"c" + i + "\""), html);
            } finally {
                Files.deleteIfExists(page);
            }

            // Running every create again changes nothing.
            ok(sh, "overlay create 10.0.0.0/24");
            for (int i = 1; i <= 3; i++) ok(sh, "container run c" + i + " --on node" + i);
            assertSameState(created, snapshot(sh), "kernel state as before");

            // container rm leaves no namespace and no process.
            String ns3 = sh.node("node3") instanceof NetnsNode n ? n.namespace() + "-c3" : "?";
            ok(sh, "container rm c3");
            assertFalse(netnsList().contains(ns3), ns3);
            // By name: the listing's namespace column holds the lab's random name, which may contain "c3".
            assertFalse(names(sh).contains("c3"), names(sh).toString());

            // overlay delete restores exactly the state before.
            ok(sh, "overlay delete");
            assertSameState(before, snapshot(sh), "kernel state as before");
            assertTrue(netnsList().stream().noneMatch(
                    n -> n.startsWith(sh.lab().name() + "-node") && n.chars().filter(c -> c == '-').count() > 2));

            // A device that holds the VNI already: refused before anything changes, naming it.
            sh.sh("node2", "ip", "link", "add", "fx", "type", "vxlan", "id", "100", "local", "192.168.56.11", "dev",
                    "eth1", "dstport", "4789");
            Map<String, String> withFx = snapshot(sh);
            TestShell.Run clash = sh.run("overlay create 10.0.0.0/24");
            assertEquals(2, clash.status(), clash.out() + clash.err());
            assertTrue(clash.err().contains("node2: VNI 100 on UDP port 4789 is taken by fx"), clash.err());
            assertSameState(withFx, snapshot(sh), "kernel state as before");
            sh.sh("node2", "ip", "link", "del", "fx");

            // One node fails mid-change (an altname the plan cannot see takes the device's name): exit 1, named,
            // the others rolled back.
            sh.sh("node2", "ip", "link", "property", "add", "dev", "eth1", "altname", "vxlan0");
            Map<String, String> withAltname = snapshot(sh);
            TestShell.Run r = sh.run("overlay create 10.0.0.0/24");
            assertEquals(1, r.status(), r.out() + r.err());
            assertTrue(r.err().contains("node2: ") && r.err().contains("File exists"), r.err());
            assertTrue(r.out().contains("node1: rolled back: ip link del vxlan0; ip link del nsbr0"), r.out());
            assertSameState(withAltname, snapshot(sh), "kernel state as before");
        }
    }

    /** Walkthrough 2: two nodes, 10.0.0.0/24, web1 on node1 and web2 on node2, curl across. */
    @Test
    void walkthroughTwo() throws Exception {
        try (TestShell sh = TestShell.lab("nso", 2)) {
            ok(sh, "overlay create 10.0.0.0/24");
            ok(sh, "container run web1 --on node1");
            ok(sh, "container run web2 --on node2 --ip 10.0.0.150");
            assertEquals("10.0.0.150", address(sh, "web2"));
            assertEquals("Hello from web2",
                    sh.sh("node1", "curl", "-s", "-m", "5", "http://10.0.0.150/").stdout().strip());
            assertEquals("Hello from web1",
                    sh.sh("node2", "curl", "-s", "-m", "5", "http://" + address(sh, "web1") + "/").stdout().strip());
            TestShell.Run outside = sh.run("container run web3 --on node1 --ip 10.0.0.150");
            assertEquals(2, outside.status());
            assertTrue(outside.err().contains("10.0.0.150 is outside node1's container range 10.0.0.64/26"),
                    outside.err());
        }
    }

    static String ok(TestShell sh, String line) {
        TestShell.Run r = sh.run(line);
        assertEquals(0, r.status(), line + " → " + r.out() + r.err());
        return r.out();
    }

    @SuppressWarnings("unchecked")
    static List<String> names(TestShell sh) throws Exception {
        return ((List<Object>) sh.invoke("container ls")).stream()
                .map(row -> ((ContainerCommands.ContainerRow) row).name()).toList();
    }

    @SuppressWarnings("unchecked")
    static String address(TestShell sh, String container) throws Exception {
        for (Object row : (List<Object>) sh.invoke("container ls")) {
            ContainerCommands.ContainerRow c = (ContainerCommands.ContainerRow) row;
            if (c.name().equals(container)) return c.address();
        }
        throw new AssertionError("no container " + container);
    }

    static List<String> netnsList() {
        return new LocalNode("local").run("ip", "netns", "list").stdout().lines().map(l -> l.split("\\s+")[0]).toList();
    }

    /**
     * Every node's `ip -j -d link`, `ip -j addr` and `bridge -j fdb`, without what changes by itself (timers, learned
     * MACs).
     */
    static Map<String, String> snapshot(TestShell sh) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String node : sh.session().fleet().names()) {
            out.put(node + " link", normalize(sh.sh(node, "ip", "-j", "-d", "link").stdout(), false));
            out.put(node + " addr", normalize(sh.sh(node, "ip", "-j", "addr").stdout(), false));
            out.put(node + " fdb", normalize(sh.sh(node, "bridge", "-j", "fdb").stdout(), true));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static String normalize(String json, boolean fdb) {
        List<Object> items = (List<Object>) new JsonSlurper().parseText(json.isBlank() ? "[]" : json);
        List<Object> kept = new ArrayList<>();
        for (Object o : items) {
            Map<String, Object> m = (Map<String, Object>) o;
            // Only permanent entries are state: learned ones (VXLAN remote MACs too) come and go with traffic.
            if (fdb && !"permanent".equals(m.get("state"))) continue;
            // Multicast MACs follow the groups the kernel joins, some only once duplicate address detection ends
            // (the subnet-router anycast address of a forwarding IPv6 interface): not what a command made.
            if (fdb && isMulticast(String.valueOf(m.get("mac")))) continue;
            strip(m);
            kept.add(m);
        }
        return JsonOutput.toJson(kept);
    }

    private static boolean isMulticast(String mac) {
        return mac.startsWith("33:33:") || mac.startsWith("01:00:5e:");
    }

    /** assertEquals on two snapshots, failing with only the entries that differ (a whole snapshot is too long). */
    @SuppressWarnings("unchecked")
    static void assertSameState(Map<String, String> expected, Map<String, String> actual, String what) {
        StringBuilder diff = new StringBuilder();
        for (String key : expected.keySet()) {
            String e = expected.get(key);
            String a = actual.get(key);
            if (e.equals(a)) continue;
            List<Object> was = (List<Object>) new JsonSlurper().parseText(e);
            List<Object> now = a == null ? List.of() : (List<Object>) new JsonSlurper().parseText(a);
            for (Object o : was)
                if (!now.contains(o)) diff.append("\n").append(key).append(" - ").append(JsonOutput.toJson(o));
            for (Object o : now)
                if (!was.contains(o)) diff.append("\n").append(key).append(" + ").append(JsonOutput.toJson(o));
            if (was.size() == now.size() && was.containsAll(now))
                diff.append("\n").append(key).append(": order differs");
        }
        for (String key : actual.keySet())
            if (!expected.containsKey(key)) diff.append("\n").append(key).append(" is new");
        assertTrue(diff.length() == 0, what + diff);
    }

    @SuppressWarnings("unchecked")
    private static void strip(Object o) {
        if (o instanceof Map<?, ?> m) {
            for (Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator(); it.hasNext();) {
                Map.Entry<?, ?> e = it.next();
                String k = String.valueOf(e.getKey());
                if (k.endsWith("_timer") || k.equals("tentative") || k.endsWith("life_time")) it.remove();
                else
                    strip(e.getValue());
            }
        } else if (o instanceof List<?> l) {
            l.forEach(OverlayLabTest::strip);
        }
    }
}
