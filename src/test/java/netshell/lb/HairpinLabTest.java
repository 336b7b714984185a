package netshell.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import groovy.json.JsonSlurper;
import netshell.testing.Eventually;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;
import netshell.testing.TestTimeouts;

/**
 * Walkthrough 2's VIP called by its own backends: web1 on node1 (the VIP's node), web2 on node2 and web3 on node3 each
 * curl the VIP 20 times, and every request is answered, whichever backend the DNAT picks (the caller itself, a hairpin;
 * or, for web2 and web3, a backend on the third node); in iptables and in nft mode. Last, each half of the fix is
 * taken away (web1's bridge port out of hairpin mode; web2's SNAT rule gone) and that backend's connections are lost
 * again.
 */
@NeedsRoot("ip netns, iptables, nft")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HairpinLabTest {
    private static final String VIP = "192.168.56.100";
    private static final String ADD = "lb add-vip " + VIP + ":80 --backend 10.0.0.65:80 --backend 10.0.0.129:80"
            + " --backend 10.0.0.193:80 --on node1";
    private static final List<String> BACKENDS = List.of("web1", "web2", "web3");
    private static final int TRIES = 20;
    private TestShell sh;

    @BeforeAll
    void lab() {
        sh = TestShell.lab("nshp", 3);
        ok("overlay create 10.0.0.0/24");
        ok("container run web1 --on node1");
        ok("container run web2 --on node2");
        ok("container run web3 --on node3");
        Eventually.until(TestTimeouts.scaled(10_000), () -> answers("web1", "10.0.0.129", 1) == 1
                && answers("web2", "10.0.0.193", 1) == 1 && answers("web3", "10.0.0.65", 1) == 1,
                "the web servers answer");
    }

    @AfterAll
    void down() {
        if (sh != null) sh.close();
    }

    @Test
    @Order(1)
    void containerPortsAreInHairpinMode() {
        assertTrue(hairpin("node1"), "web1's bridge port");
        assertTrue(hairpin("node2"), "web2's bridge port");
        assertTrue(hairpin("node3"), "web3's bridge port");
    }

    @Test
    @Order(2)
    void everyBackendReachesTheVipEveryTimeIptables() {
        ok(ADD);
        try {
            String nat = sh.sh("node1", "iptables-save", "-t", "nat").stdout();
            assertTrue(nat.contains("-A NETSHELL-POSTROUTING -s 10.0.0.65/32 -p tcp"), nat);
            for (String b : BACKENDS) assertEquals(TRIES, answers(b, VIP, TRIES), b + " → VIP on node1");
        } finally {
            ok("lb delete " + VIP + ":80 --on node1");
        }
    }

    @Test
    @Order(3)
    void everyBackendReachesTheVipEveryTimeNft() {
        ok(ADD + " --mode nft");
        try {
            String elements = sh.sh("node1", "nft", "list", "set", "ip", "netshell", "hairpin").stdout();
            assertTrue(elements.contains("10.0.0.65") && elements.contains("10.0.0.193"), elements);
            for (String b : BACKENDS) assertEquals(TRIES, answers(b, VIP, TRIES), b + " → VIP on node1");
        } finally {
            ok("lb delete " + VIP + ":80 --on node1");
        }
        assertEquals(1, sh.node("node1").run("nft", "list", "table", "ip", "netshell").exit(),
                "the table went with it");
    }

    /** Without either half, the backend's own connections are lost again: what the tests above would catch. */
    @Test
    @Order(4)
    void withoutEitherHalfTheHairpinIsLost() {
        ok(ADD);
        String port = port("node1");
        try {
            setHairpin(port, "off");
            // Twice the tries: the DNAT picks web1 itself for a third of them, and those are the ones lost.
            assertTrue(answers("web1", VIP, 2 * TRIES) < 2 * TRIES, "web1 through a port out of hairpin mode");
            setHairpin(port, "on");
            String rule = sh.sh("node1", "sh", "-c", "iptables-save -t nat | grep -- '-s 10.0.0.129/32'").stdout();
            List<String> argv = new java.util.ArrayList<>(List.of("iptables", "-t", "nat", "-D"));
            argv.addAll(List.of(rule.strip().replaceFirst("^-A ", "").replace("\"", "").split(" ")));
            // The comment has no spaces, so the saved line splits into iptables' own words.
            assertEquals(0, sh.node("node1").run(argv).exit(), "delete " + rule);
            assertTrue(answers("web2", VIP, TRIES) < TRIES, "web2 without its hairpin SNAT rule");
        } finally {
            setHairpin(port, "on");
            ok("lb delete " + VIP + ":80 --on node1");
        }
    }

    /**
     * How many of {@code n} requests from the container to ADDRESS are answered; it stops at the first loss, which
     * costs a full timeout, so a broken hairpin fails the test fast.
     */
    private int answers(String container, String address, int n) {
        String loop = "n=0; while [ $n -lt " + n + " ] && curl -s -m 2 -o /dev/null http://" + address
                + "/; do n=$((n+1)); done; echo $n";
        TestShell.Run r = sh.run("container exec " + container + " sh -c '" + loop + "'");
        String out = r.out().strip();
        return Integer.parseInt(out.substring(out.lastIndexOf('\n') + 1).strip());
    }

    /** The one container port of the node's overlay bridge. */
    private String port(String node) {
        return linkOfBridge(node).get("ifname").toString();
    }

    private boolean hairpin(String node) {
        return Boolean.TRUE.equals(linkOfBridge(node).get("hairpin"));
    }

    private Map<?, ?> linkOfBridge(String node) {
        String json = sh.sh(node, "bridge", "-j", "-d", "link", "show").stdout();
        return ((List<?>) new JsonSlurper().parseText(json)).stream().map(o -> (Map<?, ?>) o)
                .filter(l -> "nsbr0".equals(l.get("master")) && !"vxlan0".equals(l.get("ifname"))).findFirst()
                .orElseThrow(() -> new AssertionError("no container port on " + node + ": " + json));
    }

    private void setHairpin(String port, String onOff) {
        assertEquals(0, sh.sh("node1", "ip", "link", "set", "dev", port, "type", "bridge_slave", "hairpin", onOff)
                .exit(), "hairpin " + onOff);
    }

    private void ok(String line) {
        TestShell.Run r = sh.run(line);
        assertEquals(0, r.status(), line + " → " + r.out() + r.err());
    }
}
