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
                "usage: vxlan create [--vni VNI] [--port PORT] [--dev IFACE] [--ipv6] [--name NAME] [--learning on|off] [--static] [--on SELECTOR] [--ignore-missing]",
                text(d.getMainDesc()).get(0));
        assertTrue(d.getOptsDesc().containsKey("--vni"), d.getOptsDesc().keySet().toString());
        assertTrue(text(d.getOptsDesc().get("--vni")).get(0).contains("default 100"),
                d.getOptsDesc().get("--vni").toString());
        CmdDesc split = describe("net", "contains", "");
        assertEquals(List.of("contains", "CIDR", "ADDRESS"),
                split.getArgsDesc().stream().map(a -> a.getName()).toList());
    }

    @Test
    void subCommandsListedAndUnknownIgnored() {
        CmdDesc d = describe("net");
        assertTrue(text(d.getMainDesc()).stream().anyMatch(l -> l.contains("split") && l.contains("equal parts")),
                text(d.getMainDesc()).toString());
        assertNull(describe("node1", "ip"));
    }
}
