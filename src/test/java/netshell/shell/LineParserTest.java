package netshell.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import netshell.core.BadInput;

class LineParserTest {
    private static CommandLine one(String line) {
        List<CommandLine> all = LineParser.parse(line);
        assertEquals(1, all.size(), "commands in " + line);
        return all.get(0);
    }

    @Test
    void quotedWordsAreMarkedByIndex() {
        CommandLine c = one("node1 echo 'node2' node2 \"web\"1 web1 x\\ y | grep a");
        assertEquals(List.of("node1", "echo", "node2", "node2", "web1", "web1", "x y"), c.words());
        assertEquals(Set.of(2, 4), c.quoted());
        assertEquals(Set.of(), one("node1 ping node2").quoted());
    }

    @Test
    void wordsAndQuotes() {
        assertEquals(List.of("net", "split", "10.0.0.0/24", "2"), one("net split 10.0.0.0/24 2").words());
        assertEquals(List.of("say", "a b", "c'd", "e\"f"), one("say 'a b' \"c'd\" 'e\"f'").words());
        assertEquals(List.of("x", "a b"), one("x a\\ b").words());
        assertEquals(List.of("x", ""), one("x ''").words());
        assertEquals(List.of("x", "ab"), one("x a'b'").words());
        assertEquals(List.of("x", "$HOME \"q\""), one("x \"\\$HOME \\\"q\\\"\"").words());
    }

    @Test
    void operatorsInsideQuotesAreLiteral() {
        CommandLine c = one("node1 sh -c 'ip a | grep eth1; echo > /tmp/x # no'");
        assertEquals(List.of("node1", "sh", "-c", "ip a | grep eth1; echo > /tmp/x # no"), c.words());
        assertTrue(c.filters().isEmpty());
        assertNull(c.redirect());
    }

    @Test
    void commentsAndSemicolons() {
        List<CommandLine> all = LineParser.parse("net info 10.0.0.1/24; net split 10.0.0.0/24 2 # two halves");
        assertEquals(2, all.size());
        assertEquals(List.of("net", "split", "10.0.0.0/24", "2"), all.get(1).words());
        assertTrue(LineParser.parse("# only a comment").isEmpty());
        assertTrue(LineParser.parse("  ;  ; ").isEmpty());
        assertEquals(List.of("echo", "a#b"), one("echo a#b").words());
    }

    @Test
    void pipesAndRedirects() {
        CommandLine c = one("all ip -br addr | grep -v -i lo | head 3 >> out.txt");
        assertEquals(List.of("all", "ip", "-br", "addr"), c.words());
        assertEquals(List.of(new CommandLine.Filter("grep", List.of("-v", "-i", "lo")),
                new CommandLine.Filter("head", List.of("3"))), c.filters());
        assertEquals(new CommandLine.Redirect("out.txt", true), c.redirect());
        assertEquals(new CommandLine.Redirect("f", false), one("net info 1.2.3.4>f").redirect());
        assertEquals(List.of(new CommandLine.Filter("tee", List.of("x y"))), one("a | tee 'x y'").filters());
    }

    @Test
    void badSyntaxIsOneCleanError() {
        for (String bad : List.of("x 'open", "x \"open", "x |", "| grep a", "x >", "x > a b", "x | | y", "x \\",
                "x > | y")) {
            BadInput e = assertThrows(BadInput.class, () -> LineParser.parse(bad), bad);
            assertTrue(!e.getMessage().isBlank() && e.getMessage().lines().count() == 1, e.getMessage());
        }
    }

    @Test
    void sourceIsRequotedCanonically() {
        assertEquals("say 'a b' | grep x", one("say   'a b'   |grep x").source());
    }
}
