package netshell.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import netshell.command.CommandSpec;
import netshell.command.LiveSource;
import netshell.command.Param;
import netshell.command.Session;
import netshell.command.Target;
import netshell.command.Verb;
import netshell.node.DryRunNode;
import netshell.node.ExecResult;
import netshell.node.LineStream;
import netshell.node.Node;
import netshell.node.Transport;

/** The live completion sources come from the commands that declare them, and a node is read once for all. */
class LiveSourcesTest {
    /** Sources the session itself answers (node names, selectors) and file names (the shell's, the exercises). */
    private static final Set<String> NOT_LIVE = Set.of("node", "selector", "file", "exercise");

    @Test
    void everySourceAParameterCompletesFromIsDeclaredByACommand() {
        Set<String> declared = new TreeSet<>();
        LiveCompletions.declared(Commands.registry()).forEach(s -> declared.add(s.name()));
        Set<String> used = new TreeSet<>();
        for (CommandSpec c : Commands.registry().all()) {
            for (Verb v : c.verbs()) {
                for (Param p : v.params()) if (p.completion() != null) used.add(p.completion());
            }
        }
        used.removeAll(NOT_LIVE);
        assertTrue(declared.containsAll(used), "declared " + declared + ", completed from " + used);
        assertTrue(declared.containsAll(List.of("iface", "vni", "vip", "backend", "container", "endpoint")),
                declared.toString());
    }

    /** A dry-run node that counts its round trips: each runAll is one. */
    static final class CountingNode implements Node {
        final DryRunNode node;
        final List<List<List<String>>> batches = new ArrayList<>();

        CountingNode(DryRunNode node) { this.node = node; }

        @Override
        public List<ExecResult> runAll(List<List<String>> argvs) {
            batches.add(argvs);
            return node.runAll(argvs);
        }

        @Override
        public String name() { return node.name(); }
        @Override
        public Transport kind() { return Transport.SSH; }
        @Override
        public String address() { return node.address(); }
        @Override
        public String underlay() { return node.underlay(); }
        @Override
        public ExecResult run(List<String> argv, String stdin) { return node.run(argv, stdin); }
        @Override
        public LineStream stream(List<String> argv, Consumer<String> onLine) { return node.stream(argv, onLine); }
        @Override
        public void close() {}
    }

    @Test
    void aNodeIsReadInOneRoundTripForEverySourceAndEachArgvOnce() {
        CountingNode node = new CountingNode(new DryRunNode("node1", "192.168.56.10", "eth1")
                .reply(List.of("ip", "-j", "-d", "link"),
                        "[{\"ifindex\":1,\"ifname\":\"lo\",\"flags\":[],\"mtu\":1}]"));
        Session session = Commands.session(() -> Target.dryRun(1));
        List<LiveSource> sources = LiveCompletions.declared(session.registry());
        Map<String, List<String>> values = LiveCompletions.read(node, session, sources);
        assertEquals(1, node.batches.size(), "one round trip: " + node.batches);
        List<List<String>> argvs = node.batches.get(0);
        assertEquals(argvs.size(), new TreeSet<>(argvs.stream().map(String::valueOf).toList()).size(),
                "each argv once: " + argvs);
        assertEquals(List.of("lo"), values.get("iface"));
        assertEquals(List.of(), values.get("vni"));
    }
}
