package netshell.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import groovy.json.JsonSlurper;
import org.junit.jupiter.api.Test;

import netshell.command.DataView;
import netshell.app.Commands;
import netshell.command.Session;

/** {@code | json} reads the text that reaches it as JSON: one document, or JSON lines. */
class JsonFilterTest {

    static String run(String line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Executor e = new Executor(new Invoker(Commands.plugIn(new Session(Commands.registry()))),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()),
                Style.PLAIN, false);
        assertEquals(0, e.execute(line), line);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonOfJsonIsTheSameDocument() {
        String once = run("net split 10.0.0.0/24 2 --json");
        assertEquals(once, run("net split 10.0.0.0/24 2 --json | json"));
        assertEquals(once, run("net split 10.0.0.0/24 2 --json | grep -v nothing-matches | json"));
        Object rows = new JsonSlurper().parseText(run("net split 10.0.0.0/24 2 --json | json"));
        assertEquals("10.0.0.128/25", ((Map<?, ?>) ((List<?>) rows).get(1)).get("cidr"));
    }

    /** A result that is its own data (lb test, container exec): its fields, not an endless descent. */
    record SelfData(String node, int exit) implements netshell.command.Displayable {
        @Override
        public String text() { return node; }
        @Override
        public Object data() { return this; }
    }

    @Test
    void aRecordThatIsItsOwnDataIsItsFields() {
        assertEquals(Map.of("node", "node1", "exit", 3), DataView.of(new SelfData("node1", 3)));
    }

    @Test
    void jsonLinesBecomeObjectsAndOtherLinesStayText() {
        Object parsed = JsonText.parse(List.of("{\"node\":\"node1\",\"rtt\":0.2}", "", "[1,2]", "plain text",
                "{broken"));
        assertEquals(List.of(Map.of("node", "node1", "rtt", new java.math.BigDecimal("0.2")), List.of(1, 2),
                "plain text", "{broken"), parsed);
    }

    @Test
    void linesThatAreOneDocumentTogetherAreThatDocument() {
        assertEquals(Map.of("a", List.of(1, 2)), JsonText.parse(List.of("{", "  \"a\": [1,", "2]", "}")));
        String grepped = run("net split 10.0.0.0/24 2 --json | grep cidr | json");
        assertTrue(grepped.contains("\\\"cidr\\\": \\\"10.0.0.0/25\\\",\""), grepped);
    }
}
