package netshell.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import netshell.lab.Lab;
import netshell.testing.NeedsRoot;
import netshell.testing.ShellProcess;
import netshell.testing.ShellProcess.Run;

/**
 * The four walkthroughs share one lab: one after another in the seed's order, and in reverse in another lab, each
 * exits 0 (walkthrough 4's overlay holds VNI 100, which walkthroughs 1 and 2 then use rather than clash with it).
 * Then, as a user would have it: web1, web2 and web3 made by hand (answering in their own words) behind a VIP of
 * three backends; walkthrough 2 says what it replaces, and its check compares answers as they are.
 */
@NeedsRoot("ip netns, sshd")
class WalkthroughsCoexistLabTest {
    static final List<String> SEED_ORDER = List.of("single-machine-lb.groovy", "two-node-vxlan-lb.groovy",
            "cidr-explained.groovy", "docker-vxlan-demo.groovy");

    static Map<String, String> env(String lab) { return Map.of("NETSHELL_LAB", lab); }

    static String newLab() {
        String name = "nsco-" + UUID.randomUUID().toString().substring(0, 6);
        new Lab(name).up(2, false);
        return name;
    }

    static void runInOrder(String lab, List<String> scripts) throws Exception {
        for (String script : scripts) {
            Run r = ShellProcess.shell(env(lab), "scripts/" + script);
            assertEquals(0, r.status(), script + " after " + scripts + ":\n" + r.out() + r.err());
            assertFalse(r.out().contains("✗"), r.out());
        }
    }

    static Run line(String lab, String line) throws Exception {
        Run r = ShellProcess.shell(env(lab), "-c", line);
        assertEquals(0, r.status(), line + ":\n" + r.out() + r.err());
        return r;
    }

    @Test
    void seedOrder() throws Exception {
        String lab = newLab();
        try {
            runInOrder(lab, SEED_ORDER);
        } finally {
            new Lab(lab).down();
        }
    }

    @Test
    void reverseOrderThenAUsersOwnVip() throws Exception {
        String lab = newLab();
        try {
            List<String> reverse = new ArrayList<>(SEED_ORDER);
            Collections.reverse(reverse);
            runInOrder(lab, reverse);
            line(lab, "container rm web1; container rm web2; lb delete 192.168.56.100:80");
            line(lab, "container run web1 --on node1; container run web2 --on node2; container run web3 --on node1");
            line(lab, "lb add-vip 192.168.56.100:80 --on node1 --backend 10.0.0.65:80 --backend 10.0.0.129:80"
                    + " --backend 10.0.0.66:80");
            Run r = ShellProcess.shell(env(lab), "scripts/two-node-vxlan-lb.groovy");
            assertEquals(0, r.status(), r.out() + r.err());
            assertTrue(r.out().contains("web1 is on node1 already: kept as it is."), r.out());
            assertTrue(r.out().contains("The VIP 192.168.56.100:80 is there already, on node1 over 10.0.0.129:80,"
                    + " 10.0.0.65:80, 10.0.0.66:80: this walkthrough replaces it with 10.0.0.65:80, 10.0.0.129:80"),
                    r.out());
            assertTrue(r.out().contains("✓ 20 requests from node1 to http://192.168.56.100/ are answered by both web1"
                    + " and web2"), r.out());
        } finally {
            new Lab(lab).down();
        }
    }
}
