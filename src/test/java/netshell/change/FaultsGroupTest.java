package netshell.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import netshell.node.ExecResult;
import netshell.node.LocalNode;
import netshell.testing.NeedsRoot;

/**
 * The faults group (fault inject's markers) read and put back by the node library, in a namespace of its own (its
 * markers live under its inode): what ns_faults reads, ns_set restores; and the variables of whoever calls it stay
 * its own, as the armed rollback's id must (with it gone, a rollback restored the node but left its files).
 */
@NeedsRoot("ip netns")
class FaultsGroupTest {
    private static final LocalNode HOST = new LocalNode("l");

    private static String inNamespace(String ns, String body) {
        ExecResult r = HOST.run(List.of("ip", "netns", "exec", ns, "sh", "-c", StateScript.library() + "\n" + body),
                null);
        assertEquals(0, r.exit(), r.stderr());
        return r.stdout();
    }

    @Test
    void markersAreReadAndPutBackAndTheCallersVariablesStay() {
        String ns = "nsfg-" + UUID.randomUUID().toString().substring(0, 6);
        HOST.run("ip", "netns", "add", ns).orThrow();
        try {
            // A namespace needs an Ethernet device for its marker directory's name (as a lab node has).
            HOST.run("ip", "-n", ns, "link", "add", "eth9", "type", "veth", "peer", "eth8").orThrow();
            String script = """
                    T=$(mktemp -d); d=$(ns_fault_dir); echo "$d"; mkdir -p "$d"
                    printf 'kind ip-forward\\nwas 1\\n' > "$d/3"
                    ns_faults "$T"; cat "$T/faults"
                    id=keep; : > "$T/none"
                    ns_set faults "$T/faults" "$T/none"; echo "after delete: $(ls "$d") id=$id"
                    ns_set faults "$T/none" "$T/faults"; echo "after add: $(tr '\\n' , < "$d/3") id=$id"
                    rm -rf "$d" "$T"
                    """;
            String out = inNamespace(ns, script);
            List<String> lines = out.lines().toList();
            // The fault planner's place (core.FaultMarkers): the namespace's inode, then its first Ethernet MAC.
            String inode = HOST.run("stat", "-L", "-c", "%i", "/run/netns/" + ns).stdout().strip();
            assertTrue(lines.get(0).matches("/run/netshell/faults/" + inode + "-[0-9a-f]{12}"), lines.get(0));
            lines = lines.subList(1, lines.size());
            assertEquals("3 " + java.util.Base64.getEncoder().encodeToString("kind ip-forward\nwas 1\n".getBytes()),
                    lines.get(0));
            assertEquals("after delete:  id=keep", lines.get(1));
            assertEquals("after add: kind ip-forward,was 1, id=keep", lines.get(2));
        } finally {
            HOST.run("ip", "netns", "del", ns);
        }
    }
}
