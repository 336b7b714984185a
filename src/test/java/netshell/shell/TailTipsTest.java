package netshell.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.jline.console.CmdDesc;
import org.jline.console.CmdLine;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

import netshell.app.Commands;

/** The tail-tip describes what is being typed from the same specs as help. */
class TailTipsTest {
    static CmdDesc describe(String... words) {
        String line = String.join(" ", words);
        return TailTips.describe(Commands.registry(),
                new CmdLine(line, line, "", List.of(words), CmdLine.DescriptionType.COMMAND));
    }

    static List<String> text(List<AttributedString> lines) {
        return lines.stream().map(AttributedString::toString).toList();
    }

    @Test
    void verbUsageArgumentsAndOptions() {
        CmdDesc d = describe("vxlan", "create", "--vni");
        assertEquals(
                "usage: vxlan create [--vni VNI] [--port PORT] [--dev IFACE] [--ipv6] [--name NAME] [--learning on|off]"
                        + " [--static] [--on SELECTOR] [--confirm SECONDS] [--ignore-missing]",
                text(d.getMainDesc()).get(0));
        assertTrue(d.getOptsDesc().containsKey("--vni=VNI"), d.getOptsDesc().keySet().toString());
        assertTrue(text(d.getOptsDesc().get("--vni=VNI")).get(0).contains("default 100"),
                d.getOptsDesc().get("--vni=VNI").toString());
        assertEquals("CIDR ADDRESS", tail(describe("net", "contains", ""), "net", "contains", ""));
        assertEquals("ADDRESS",
                tail(describe("net", "contains", "10.0.0.0/24", ""), "net", "contains", "10.0.0.0/24", ""));
    }

    /**
     * What JLine's widget shows after the cursor, by its own rule: the ArgDesc at (words not starting with '-',
     * one-letter options' values left out) - 1 and the names after it.
     */
    static String tail(CmdDesc d, String... args) {
        int at = jlineIndex(d, args);
        var params = d.getArgsDesc();
        if (at >= params.size()) return "(stale)";
        return String.join(" ", params.subList(at, params.size()).stream().map(a -> a.getName()).toList()).strip();
    }

    static String hint(CmdDesc d, String... args) {
        return text(d.getArgsDesc().get(jlineIndex(d, args)).getDescription()).stream().findFirst().orElse("");
    }

    /** JLine's count: words not starting with '-' (a one-letter option's value left out), less one. */
    static int jlineIndex(CmdDesc d, String... args) {
        int n = 0;
        String prev = "";
        for (String a : args) {
            if (!a.startsWith("-") && (!prev.matches("-[a-zA-Z]") || !d.optionWithValue(prev))) n++;
            prev = a;
        }
        return n - 1;
    }

    @Test
    void theHintNamesTheParameterUnderTheCursor() {
        String[] backend = {"lb", "add-vip", "192.168.56.100:80", "--backend", ""};
        CmdDesc d = describe(backend);
        assertEquals("BACKEND…", tail(d, backend));
        assertTrue(hint(d, backend).startsWith("--backend BACKEND: "), hint(d, backend));
        assertTrue(d.optionWithValue("--backend"), "JLine knows --backend takes a value");
        String[] onNode = {"container", "run", "web1", "--on", "node1", ""};
        assertEquals("", tail(describe(onNode), onNode), "a picked value leaves no placeholder");
        String[] vni = {"vxlan", "create", "--vni", "100", ""};
        assertEquals("", tail(describe(vni), vni));
        String[] exec = {"container", "exec", "web1", "df", "-h", ""};
        assertEquals("COMMAND…", tail(describe(exec), exec));
    }

    @Test
    void subCommandsListedAndUnknownIgnored() {
        CmdDesc d = describe("net");
        assertTrue(text(d.getMainDesc()).stream().anyMatch(l -> l.contains("split") && l.contains("equal parts")),
                text(d.getMainDesc()).toString());
        assertNull(describe("node1", "ip"));
    }
}
