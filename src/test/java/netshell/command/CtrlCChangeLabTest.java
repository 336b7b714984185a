package netshell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import netshell.lab.Lab;
import netshell.node.Fleet;
import netshell.node.Inventory;
import netshell.node.LocalNode;
import netshell.node.SshNode;
import netshell.node.TestLabs;
import netshell.node.Transport;
import netshell.testing.CtrlC;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/**
 * Ctrl-C at a dozen moments spread over {@code overlay create} on two nodes, over the lab's namespaces and over its
 * sshd: each time the nodes are either as before (the command says it was interrupted and what it rolled back) or
 * as after a whole change (it had finished), never half made. Before, a Ctrl-C while the steps ran left a bridge that
 * netshell then refused to touch ("nsbr0 exists on node2 and was not made by netshell").
 */
@NeedsRoot("ip netns, sshd")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CtrlCChangeLabTest {
    private static final String MAKE = "overlay create 10.0.0.0/24";
    /** With a node-side rollback armed first: a change cut short must also leave no rollback armed. */
    private static final String MAKE_CONFIRMED = MAKE + " --confirm 120";
    private Lab lab;

    @BeforeAll
    void up() {
        lab = TestLabs.newLab(TestLabs.uniqueName());
        try {
            lab.up(2, true);
        } catch (RuntimeException | Error e) {
            lab.down();
            throw e;
        }
    }

    @AfterAll
    void down() {
        if (lab != null) lab.down();
    }

    @Test
    void overNamespacesAChangeIsWholeOrRolledBack() throws Exception {
        try (TestShell sh = TestShell.on(Target.lab(lab, null))) {
            wholeOrRolledBack(sh);
        }
    }

    @Test
    void overSshAChangeIsWholeOrRolledBack() throws Exception {
        Fleet fleet = Fleet.of(Inventory.load(lab.sshConfig()), SshNode.Options.defaults());
        try (TestShell sh = TestShell.on(new Target(Transport.SSH.label(), fleet, null, null))) {
            wholeOrRolledBack(sh);
        }
    }

    @Test
    void overSshAConfirmedChangeIsWholeOrRolledBackAndDisarmed() throws Exception {
        Fleet fleet = Fleet.of(Inventory.load(lab.sshConfig()), SshNode.Options.defaults());
        try (TestShell sh = TestShell.on(new Target(Transport.SSH.label(), fleet, null, null))) {
            wholeOrRolledBack(sh, MAKE_CONFIRMED);
        }
    }

    /**
     * {@code container run} on the overlay, interrupted at eight moments: the container is gone (rolled back) or
     * whole, and when Ctrl-C came while its server was starting the command says that it was made.
     */
    @Test
    void overNamespacesAContainerIsWholeOrRolledBack() throws Exception {
        try (TestShell sh = TestShell.on(Target.lab(lab, null))) {
            try {
                ok(sh, MAKE);
                wholeOrBefore(sh, "container run web1 --on node1", "container rm web1", 8,
                        r -> r.status() == 0 || r.err().contains("web1 is made on node1"), said -> {});
            } finally {
                sh.run("container rm web1");
                sh.run("overlay delete");
            }
        }
    }

    private void wholeOrRolledBack(TestShell sh) throws Exception {
        wholeOrRolledBack(sh, MAKE);
    }

    private void wholeOrRolledBack(TestShell sh, String make) throws Exception {
        try {
            wholeOrBefore(sh, make, "overlay delete", 12, r -> r.status() == 0,
                    said -> assertTrue(said.contains("interrupted; rolled back on")
                            || said.contains("nothing was changed") || said.contains("nothing to roll back"), said));
        } finally {
            sh.run("overlay delete"); // whatever a failure left, so that the next test starts from nothing
        }
    }

    /**
     * {@code make} run whole twice (the second timed; a --confirm change confirmed), then interrupted at {@code
     * moments} moments spread over that time. After each, the nodes are as a whole {@code make} leaves them when it
     * had {@code finished} ({@code unmake} then takes it away), or else as before it, with exit 130 and what it
     * said checked by {@code interrupted}; never a rollback left armed.
     */
    private void wholeOrBefore(TestShell sh, String make, String unmake, int moments,
            Predicate<TestShell.Run> finished, Consumer<String> interrupted) throws Exception {
        Map<String, String> before = state();
        made(sh, make); // the first run warms up; the second is the one timed
        Map<String, String> made = state();
        ok(sh, unmake);
        assertEquals(before, state(), unmake);
        long start = System.nanoTime();
        made(sh, make);
        long whole = (System.nanoTime() - start) / 1_000_000;
        ok(sh, unmake);
        for (int k = 0; k < moments; k++) {
            long at = whole * k / moments;
            TestShell.Run r = CtrlC.after(at, () -> sh.run(make));
            String said = "Ctrl-C at " + at + " ms of " + whole + ": " + r.out() + r.err();
            if (finished.test(r)) {
                assertEquals(made, state(), said);
                if (make.contains("--confirm")) ok(sh, "confirm");
                ok(sh, unmake);
            } else {
                assertEquals(130, r.status(), said);
                interrupted.accept(said);
            }
            assertEquals(before, state(), said);
            assertEquals(List.of(), armedRollbacks(), said);
        }
    }

    /**
     * Per node: its links, IPv4 addresses, containers (namespaces and run files) and VXLAN flood entries, without
     * what the kernel makes up anew each time (MACs, link-local addresses, interface indexes) or learns from traffic.
     */
    private Map<String, String> state() {
        Map<String, String> out = new TreeMap<>();
        for (int i = 1; i <= 2; i++) {
            String ns = lab.name() + "-node" + i;
            out.put(ns + " links", sh("ip -n " + ns + " -o link | awk '{sub(/@.*/, \"\", $2); print $2, $3}' | sort"));
            out.put(ns + " addresses", sh("ip -n " + ns + " -o -4 addr | awk '{print $2, $4}' | sort"));
            out.put(ns + " containers", sh("ip netns list | awk '{print $1}' | grep -F -- " + ns + "- | sort; ls"
                    + " /run/netshell | grep -F -- " + ns + "- | sort"));
            out.put(ns + " flood", sh("ip netns exec " + ns
                    + " bridge fdb show | awk '/^00:00:00:00:00:00 .* dst / {print $3, $5}' | sort"));
        }
        return out;
    }

    /** Made, and kept when made with --confirm. */
    private static void made(TestShell sh, String make) {
        ok(sh, make);
        if (make.contains("--confirm")) ok(sh, "confirm");
    }

    /** The armed rollbacks running on the nodes (a process sleeping until it restores the node's snapshot). */
    private List<String> armedRollbacks() {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= 2; i++)
            TestLabs.commandsIn(lab.name() + "-node" + i).stream().filter(c -> c.contains("/run/netshell/rollback/"))
                    .forEach(out::add);
        return out;
    }

    private static String sh(String script) {
        return new LocalNode("local").run(List.of("sh", "-c", script), null).stdout();
    }

    private static void ok(TestShell sh, String line) {
        TestShell.Run r = sh.run(line);
        assertEquals(0, r.status(), line + " → " + r.out() + r.err());
    }
}
