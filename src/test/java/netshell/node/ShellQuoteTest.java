package netshell.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

public class ShellQuoteTest {
    public static final List<String> NASTY = List.of("; rm -rf /", "$(id)", "`id`", "it's", "\"double\"", "a\nb", "",
            "grüße ✓", "*", "~root", "#comment", "a b", "\\", "$HOME", "x;y|z&w", "-n");

    @Test
    void safeWordsStayBare() {
        assertEquals("ip link add vxlan0 type vxlan id 100 dstport 4789 dev eth1",
                ShellQuote.join(List.of("ip", "link", "add", "vxlan0", "type", "vxlan", "id", "100", "dstport", "4789",
                        "dev", "eth1")));
        assertEquals("10.0.0.0/24", ShellQuote.quote("10.0.0.0/24"));
        assertEquals("--to-destination=10.0.0.2:80", ShellQuote.quote("--to-destination=10.0.0.2:80"));
    }

    @Test
    void metacharactersAreSingleQuoted() {
        assertEquals("'; rm -rf /'", ShellQuote.quote("; rm -rf /"));
        assertEquals("'$(id)'", ShellQuote.quote("$(id)"));
        assertEquals("'`id`'", ShellQuote.quote("`id`"));
        assertEquals("'it'\"'\"'s'", ShellQuote.quote("it's"));
        assertEquals("''", ShellQuote.quote(""));
        assertEquals("'a\nb'", ShellQuote.quote("a\nb"));
        assertEquals("'grüße'", ShellQuote.quote("grüße"));
    }

    @Test
    void leadingAssignmentIsNotTakenForAVariable() {
        assertEquals("'A=1' b=2", ShellQuote.join(List.of("A=1", "b=2")));
    }

    @Test
    void aRealShellSeesTheExactWords() {
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\n"));
        argv.addAll(NASTY);
        ExecResult r = new LocalNode("local").run("sh", "-c", ShellQuote.join(argv));
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(String.join("\n", NASTY) + "\n", r.stdout());
    }
}
