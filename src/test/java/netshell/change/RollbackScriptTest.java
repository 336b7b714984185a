package netshell.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.node.LocalNode;

/** The armed rollback and its arm/disarm commands: fixed text, ids as arguments, nothing of the node's data. */
class RollbackScriptTest {
    @Test
    void theArmedScriptIsTheLibraryAndAFixedBodyThatShParses() {
        String text = RollbackScript.text("20261128T130000Z-abcd1234", "node1 --confirm 60 iptables -F\nrm -rf /");
        assertTrue(text.startsWith("#!/bin/sh\n# netshell rollback 20261128T130000Z-abcd1234: back to before "
                + "node1 --confirm 60 iptables -F rm -rf /\n"), "the command line stays one comment line");
        assertTrue(text.contains(StateScript.library()));
        assertTrue(text.contains("ns_restore \"$NS_SNAP/$base\""), "it restores the snapshot named on the node");
        assertFalse(text.contains("<<"), "no heredoc: no delimiter a node's data could close");
        assertEquals(0, new LocalNode("l").run(List.of("sh", "-n"), text).exit());
    }

    @Test
    void armDisarmAndStatusTakeIdsAsArgumentsAndRefuseOddOnes() {
        List<String> arm = RollbackScript.arm("ID1", 42, "S1");
        assertEquals(List.of("sh", "ID1", "42", "S1"), arm.subList(3, 7));
        assertTrue(arm.get(2).startsWith("f=" + StateScript.LIB_PATH + "; [ -r \"$f\" ] || exit 97; . \"$f\"\n"),
                "the library is sourced from the node, not sent again: " + arm.get(2).lines().findFirst());
        assertTrue(arm.get(2).contains("systemd-run --quiet --unit=\"netshell-rollback-$1\" --on-active=\"$2\""));
        assertTrue(arm.get(2).contains("setsid sh -c"));
        assertTrue(arm.get(2).contains("readlink /proc/1/ns/net"), "systemd only runs the node's own namespace");
        assertEquals("ID1", RollbackScript.disarm("ID1").get(4));
        assertEquals("ID1", RollbackScript.status("ID1").get(4));
        for (String bad : List.of("x;touch /tmp/p", "../etc", "-rf", "a b", ""))
            assertThrows(IllegalArgumentException.class, () -> RollbackScript.arm(bad, 5, "S1"), bad);
        assertThrows(IllegalArgumentException.class, () -> RollbackScript.arm("ID1", 5, "S1$(id)"));
        for (List<String> argv : List.of(arm, RollbackScript.disarm("ID1"), RollbackScript.status("ID1")))
            assertEquals(0, new LocalNode("l").run(List.of("sh", "-n"), argv.get(2)).exit());
    }

    @Test
    void restoredReadsTheDoneLine() {
        assertEquals("iptables -link:vx0",
                RollbackScript.restored("2026-11-28T13:00:00Z restored: iptables -link:vx0"));
    }
}
