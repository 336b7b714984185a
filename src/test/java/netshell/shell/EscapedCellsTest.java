package netshell.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import netshell.command.TextTable;
import netshell.core.Printable;

/** Names read from nodes reach tables with their control characters shown escaped, never sent to the terminal. */
class EscapedCellsTest {
    private static final String HOSTILE = "web1\u001b[2J\r\nnode9|\u202egnp.exe\u0007";
    private static final String SHOWN = "web1\\x1b[2J\\r\\nnode9|\\u202egnp.exe\\x07";

    @Test
    void tablesOfRecordsEscapeEveryCell() {
        List<String> lines = Renderer.lines(List.of(Map.of("name", HOSTILE), Map.of("name", "web2")), Style.PLAIN);
        assertEquals(List.of("NAME", SHOWN, "web2"), lines.stream().map(String::strip).toList());
        assertEquals(List.of("name: " + SHOWN), Renderer.lines(Map.of("name", HOSTILE), Style.PLAIN));
    }

    @Test
    void textTablesEscapeEveryCell() {
        assertEquals("NAME" + " ".repeat(SHOWN.length() - 4) + "  NODE\n" + SHOWN + "  node1",
                new TextTable("name", "node").row(HOSTILE, "node1").toString());
    }

    @Test
    void printableTextIsLeftAlone() {
        String plain = "node1 ✓ 10.0.0.1/24 fd00::1 web-01_a.b";
        assertEquals(plain, Printable.escape(plain));
    }
}
