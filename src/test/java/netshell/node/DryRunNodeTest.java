package netshell.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.core.Step;

class DryRunNodeTest {
    @Test
    void recordsEverythingAndAnswersZeroByDefault() {
        DryRunNode node = new DryRunNode("node1");
        ExecResult r = node.run(List.of("iptables-restore", "--noflush"), "*nat\nCOMMIT\n");
        assertEquals(0, r.exit());
        assertEquals("", r.stdout());
        node.run("ip", "link", "show");
        assertEquals(List.of(new Step(List.of("iptables-restore", "--noflush"), "*nat\nCOMMIT\n", null),
                new Step(List.of("ip", "link", "show"), null, null)), node.recorded());
    }

    @Test
    void longestMatchingPrefixAnswers() {
        DryRunNode node = new DryRunNode("node1")
                .reply(List.of("ip"), "generic")
                .reply(List.of("ip", "-j", "link"), "[]")
                .reply(List.of("iptables", "-C"), DryRunNode.Reply.fail(1, "no such rule"));
        assertEquals("[]", node.run("ip", "-j", "link", "show").stdout());
        assertEquals("generic", node.run("ip", "addr").stdout());
        assertEquals(1, node.run("iptables", "-C", "FORWARD").exit());
        List<String> lines = new ArrayList<>();
        node.stream(List.of("ip", "addr"), lines::add).close();
        assertEquals(List.of("generic"), lines);
    }
}
