package netshell.change.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import netshell.node.LocalNode;

/** The node-side rollback script and its arm/disarm commands, against golden text. */
class RollbackScriptTest {
    static final Snapshot SNAPSHOT = StateDiffTest.snapshot(StateDiffTest.SAVE_BEFORE, StateDiffTest.LINKS_BEFORE,
            StateDiffTest.ADDRS_AFTER, "net.ipv4.ip_forward=0\nnet.ipv6.conf.all.forwarding=0");

    @Test
    void armedScriptIsGolden() throws Exception {
        String text = RollbackScript.text("20261128T130000Z-abcd1234", "node1 --confirm 60 iptables -F", SNAPSHOT,
                RollbackScript.all());
        assertEquals(Files.readString(Path.of("src/test/resources/change/rollback.sh")), text);
        // and it is a shell script sh accepts
        assertEquals(0, new LocalNode("l").run(List.of("sh", "-n"), text).exit());
    }

    @Test
    void undoScriptRestoresOnlyTheChangedPartsAndPrintsWhatItDid() {
        String text = RollbackScript.text(null, "lb add-vip 192.168.56.100:80", SNAPSHOT,
                RollbackScript.parts(Set.of("iptables nat", "addresses")));
        assertTrue(text.contains("iptables-restore -w <<'NETSHELL_SNAPSHOT_EOF'"), text);
        assertTrue(text.contains("ip addr del $x"), text);
        assertFalse(text.contains("ip link del"), "links were not changed: " + text);
        assertFalse(text.contains(".lock"), "an undo runs at once, unarmed");
        assertTrue(text.endsWith("echo \"restored:${r:- nothing}\"\n"), text);
    }

    @Test
    void aSectionThatCouldNotBeReadIsLeftAloneNotEmptied() {
        Snapshot unread = Snapshot.parse("### netshell:iptables\n" + Snapshot.UNREADABLE + "\n### netshell:nft\n"
                + Snapshot.UNREADABLE + "\n### netshell:ip6tables\n*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n");
        String text = RollbackScript.text("x", "c", unread, EnumSet.of(RollbackScript.Part.NETFILTER));
        assertTrue(text.contains("# iptables: not readable at snapshot time, left alone"), text);
        assertTrue(text.contains("# nft: not readable at snapshot time, left alone"), text);
        assertFalse(text.contains("iptables-restore -w"), text);
        assertTrue(text.contains("ip6tables-restore -w"), text);
    }

    @Test
    void partsFollowTheChangedGroups() {
        assertEquals(EnumSet.of(RollbackScript.Part.NETFILTER, RollbackScript.Part.LINKS, RollbackScript.Part.SYSCTL),
                RollbackScript.parts(Set.of("nft ip netshell", "links", "sysctl")));
    }

    @Test
    void armAndDisarmTakeTheIdAsAnArgumentNotAsScriptText() {
        List<String> arm = RollbackScript.arm("ID1", 42);
        assertEquals(List.of("sh", "ID1", "42"), arm.subList(3, 6));
        assertTrue(arm.get(2).contains("systemd-run --quiet --unit=\"netshell-rollback-$1\" --on-active=\"$2\""));
        assertTrue(arm.get(2).contains("setsid sh -c"));
        assertTrue(arm.get(2).contains("readlink /proc/1/ns/net"), "systemd only runs the node's own namespace");
        List<String> disarm = RollbackScript.disarm("ID1");
        assertEquals("ID1", disarm.get(4));
        assertEquals("iptables -link:vx0",
                RollbackScript.restored("2026-11-28T13:00:00Z restored: iptables -link:vx0"));
    }
}
