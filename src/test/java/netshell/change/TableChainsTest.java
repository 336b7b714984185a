package netshell.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netshell.node.ExecResult;
import netshell.node.LocalNode;

/**
 * ns_chains, the restore of an iptables table chain by chain (golden data in src/test/resources/change/chains):
 * only the chains that differ are named, a few changed rules go by number, many rewrite their chain whole.
 * The kernel side of the same text is checked in StateScriptLabTest.
 */
class TableChainsTest {
    static final Path DIR = Path.of("src/test/resources/change/chains");

    @TempDir
    Path tmp;

    /** The restore body from WANT and HAVE, run through the node library with sh. */
    static String chains(Path want, Path have) {
        ExecResult r = new LocalNode("l").run(List.of("sh", "-c", StateScript.library() + "\nns_chains \"$1\" \"$2\"",
                "sh", want.toString(), have.toString()), null);
        assertEquals(0, r.exit(), r.stderr());
        return r.stdout();
    }

    @Test
    void onlyTheChangedChainsAreNamedAndAFewRulesGoByNumber() throws IOException {
        String body = chains(DIR.resolve("want.txt"), DIR.resolve("have.txt"));
        assertEquals(Files.readString(DIR.resolve("restore.txt")), body);
    }

    @Test
    void theSameTextNamesNothing() {
        assertEquals("", chains(DIR.resolve("have.txt"), DIR.resolve("have.txt")));
    }

    @Test
    void manyChangedRulesRewriteTheirChainWhole() throws IOException {
        List<String> have = new ArrayList<>(List.of(":INPUT ACCEPT", ":BIG -"));
        List<String> want = new ArrayList<>(have);
        for (int i = 0; i < 300; i++) have.add("-A BIG -s 10.0." + (i / 250) + "." + (i % 250) + "/32 -j RETURN");
        for (int i = 299; i >= 0; i--) want.add("-A BIG -s 10.0." + (i / 250) + "." + (i % 250) + "/32 -j RETURN");
        Path h = Files.write(tmp.resolve("have"), have);
        Path w = Files.write(tmp.resolve("want"), want);
        List<String> body = chains(w, h).lines().toList();
        assertEquals(List.of(":BIG -", "-F BIG"), body.subList(0, 2));
        assertEquals(want.subList(2, want.size()), body.subList(2, body.size()));
    }

    @Test
    void aTableThatIsNewIsDeclaredWholeAndAGoneOneIsEmptied() throws IOException {
        Path empty = Files.writeString(tmp.resolve("empty"), "");
        String created = chains(DIR.resolve("have.txt"), empty);
        assertTrue(created.startsWith(":PREROUTING ACCEPT\n"), created);
        assertTrue(created.contains("\n-A KUBE-SVC-A -j KUBE-MARK-MASQ\n"), created);
        List<String> emptied = chains(empty, DIR.resolve("have.txt")).lines().toList();
        assertEquals(
                List.of("-F PREROUTING", "-F INPUT", "-F OUTPUT", "-F POSTROUTING", "-F KUBE-MARK-MASQ", "-F KUBE-OLD",
                        "-F KUBE-SERVICES", "-F KUBE-SVC-A", "-X KUBE-MARK-MASQ", "-X KUBE-OLD", "-X KUBE-SERVICES",
                        "-X KUBE-SVC-A"),
                emptied);
    }
}
