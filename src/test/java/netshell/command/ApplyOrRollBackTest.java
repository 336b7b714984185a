package netshell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import netshell.app.Commands;
import netshell.core.Plan;
import netshell.core.Step;
import netshell.node.ExecResult;
import netshell.node.Fleet;
import netshell.node.LineStream;
import netshell.node.Node;
import netshell.node.Transport;
import netshell.testing.TestShell;

/**
 * {@link Changes#applyOrRollBack} with fake nodes, no root: a node failing at each step of a plan stops there, the
 * steps already run on every node are undone newest first by their inverses, and what has no inverse is reported as
 * remaining; a plan that succeeds undoes nothing.
 */
class ApplyOrRollBackTest {
    /** A node that records what it runs, answers state reads with empty JSON and fails one argv. */
    static final class FakeNode implements Node {
        final String name;
        final List<String> ran = Collections.synchronizedList(new ArrayList<>());
        final List<String> failing;

        FakeNode(String name, List<String> failing) {
            this.name = name;
            this.failing = failing;
        }

        @Override
        public String name() { return name; }
        @Override
        public Transport kind() { return Transport.SSH; }
        @Override
        public String address() { return ""; }
        @Override
        public String underlay() { return "eth1"; }
        @Override
        public void close() {}
        @Override
        public LineStream stream(List<String> argv, Consumer<String> onLine) {
            throw new UnsupportedOperationException("not streamed here");
        }

        @Override
        public ExecResult run(List<String> argv, String stdin) {
            boolean read = argv.size() > 1 && argv.get(1).equals("-j");
            if (!read) ran.add(String.join(" ", argv));
            if (argv.equals(failing)) return new ExecResult(name, argv, 2, "", "injected failure", Duration.ZERO);
            return new ExecResult(name, argv, 0, read ? "[]" : "", "", Duration.ZERO);
        }
    }

    private static Step step(String word) {
        return Step.of("set " + word, "sysctl", "-w", word + "=1")
                .undoneBy(Step.of("undo " + word, "sysctl", "-w", word + "=0"));
    }

    /** Runs PLAN through applyOrRollBack inside a shell whose nodes are NODES. */
    private static Object apply(Plan plan, Node... nodes) throws Exception {
        Registry registry = Commands.registry().add(CommandSpec.of("apply-plan", "test",
                Verb.of("", "test", (a, ctx) -> Changes.applyOrRollBack(ctx, plan))));
        try (TestShell shell = TestShell.on(new Target("ssh", new Fleet(List.of(nodes)), null, null), registry)) {
            shell.session().changeGuard(null); // the engine alone: no snapshots, no journal
            return shell.invoke("apply-plan", null);
        }
    }

    private static Plan threeSteps(String... nodes) {
        Plan plan = new Plan();
        for (String n : nodes) for (String w : List.of("a", "b", "c")) plan.add(n, step(w));
        return plan;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void aNodeFailingAtEachStepStopsThereAndEveryNodeUndoesWhatRanNewestFirst(int failAt) throws Exception {
        String failing = List.of("a", "b", "c").get(failAt);
        FakeNode bad = new FakeNode("node1", List.of("sysctl", "-w", failing + "=1"));
        FakeNode good = new FakeNode("node2", List.of());
        Object result = apply(threeSteps("node1", "node2"), bad, good);
        Changes.RolledBack rb = assertInstanceOf(Changes.RolledBack.class, result);
        assertTrue(rb.failed());

        List<String> expectBad = new ArrayList<>();
        for (int i = 0; i <= failAt; i++) expectBad.add("sysctl -w " + List.of("a", "b", "c").get(i) + "=1");
        for (int i = failAt - 1; i >= 0; i--) expectBad.add("sysctl -w " + List.of("a", "b", "c").get(i) + "=0");
        assertEquals(expectBad, bad.ran,
                "the failing node: its steps up to the failure, then their undo, newest first");
        assertEquals(List.of("sysctl -w a=1", "sysctl -w b=1", "sysctl -w c=1", "sysctl -w c=0", "sysctl -w b=0",
                "sysctl -w a=0"), good.ran, "the other node is put back too");
        assertEquals(failAt == 0 ? List.of("node2") : List.of("node1", "node2"), List.copyOf(rb.undone().keySet()));
        assertEquals(Map.of(), rb.remains());
    }

    @Test
    void aStepWithoutAnInverseIsReportedAsRemaining() throws Exception {
        Plan plan = new Plan().add("node1", Step.of("no way back", "iptables", "-F"))
                .add("node1", Step.of("fails", "false"));
        FakeNode n = new FakeNode("node1", List.of("false"));
        Changes.RolledBack rb = assertInstanceOf(Changes.RolledBack.class, apply(plan, n));
        assertEquals(List.of("iptables -F"), rb.remains().get("node1"));
        assertEquals(List.of("iptables -F", "false"), n.ran);
    }

    @Test
    void aPlanThatSucceedsUndoesNothing() throws Exception {
        FakeNode n = new FakeNode("node1", List.of());
        ApplyReport r = assertInstanceOf(ApplyReport.class, apply(threeSteps("node1"), n));
        assertTrue(r.ok());
        assertEquals(List.of("sysctl -w a=1", "sysctl -w b=1", "sysctl -w c=1"), n.ran);
    }

    @Test
    void aCreatedDeviceIsRemovedAndTheStepsThatConfiguredItGoWithIt() throws Exception {
        Plan plan = new Plan()
                .add("node1", Step.of("make br0", "ip", "link", "add", "br0", "type", "bridge")
                        .creating("br0", Step.of("undo: remove br0", "ip", "link", "del", "br0")))
                .add("node1", Step.of("address", "ip", "addr", "add", "10.0.0.1/24", "dev", "br0"))
                .add("node1", Step.of("no way back", "iptables", "-F"))
                .add("node1", Step.of("fails", "false"));
        FakeNode n = new FakeNode("node1", List.of("false"));
        Changes.RolledBack rb = assertInstanceOf(Changes.RolledBack.class, apply(plan, n));
        assertEquals(List.of("ip link del br0"), rb.undone().get("node1"));
        assertEquals(List.of("iptables -F"), rb.remains().get("node1"), "the address went with the bridge");
        assertEquals("ip link del br0", n.ran.get(n.ran.size() - 1));
    }
}
