package netshell.overlay.plan;

import static netshell.overlay.plan.VxlanPlannerTest.SPEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import netshell.core.Plan;
import netshell.core.Step;
import netshell.core.StepBatch;
import netshell.kernel.NodeState;

/**
 * The processes an overlay create runs on a node, as batches (golden files for 2, 8 and 100 nodes): one
 * {@code ip -batch -} for the bridge, address and VXLAN device, one {@code bridge -batch -} for the whole mesh.
 */
class BatchGoldenTest {
    static List<OverlayMember> members(int n) {
        List<OverlayMember> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            NodeUnderlay u = new NodeUnderlay("node" + i, "192.168.56." + (9 + i), "eth1", 1500);
            out.add(new OverlayMember(u, "10.0." + (i / 250) + "." + (i % 250 + 1) + "/16"));
        }
        return out;
    }

    static String render(List<StepBatch.Run> runs) {
        StringBuilder sb = new StringBuilder();
        for (StepBatch.Run r : runs) {
            sb.append("$ ").append(String.join(" ", r.argv())).append('\n');
            if (r.stdin() != null) sb.append(r.stdin());
        }
        return sb.toString();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 8, 100})
    void overlayCreateIsTwoProcessesPerNode(int n) throws IOException {
        Map<String, NodeState> empty = new HashMap<>();
        for (int i = 1; i <= n; i++) empty.put("node" + i, NodeState.empty());
        Plan plan = OverlayPlanner.plan(SPEC, members(n), empty);
        String actual = render(StepBatch.runs(plan.stepsFor("node1"))) + "# node" + n + "\n"
                + render(StepBatch.runs(plan.stepsFor("node" + n)));
        String name = "overlay-" + n + ".batch";
        String expected = read(name);
        if (!expected.equals(actual)) Files.writeString(Path.of("target", name + ".actual"), actual);
        assertEquals(expected, actual, "golden " + name + " (actual output in target/" + name + ".actual)");
        for (String node : plan.byNode().keySet()) assertEquals(2, StepBatch.runs(plan.stepsFor(node)).size());
    }

    /** Static mesh (--static): nolearning, MACs from the underlay address, per-peer FDB and neighbour entries. */
    @Test
    void staticOverlayOfThreeNodes() throws IOException {
        Map<String, NodeState> empty = new HashMap<>();
        for (int i = 1; i <= 3; i++) empty.put("node" + i, NodeState.empty());
        Plan plan = OverlayPlanner.plan(SPEC.withLearning(false), members(3), empty);
        String actual = render(StepBatch.runs(plan.stepsFor("node1")));
        String expected = read("overlay-static-3.batch");
        if (!expected.equals(actual)) Files.writeString(Path.of("target", "overlay-static-3.batch.actual"), actual);
        assertEquals(expected, actual, "golden overlay-static-3.batch");
        assertTrue(actual.lines().noneMatch(l -> l.contains("00:00:00:00:00:00")), actual);
    }

    @Test
    void failedLineMapsBackToItsStepAndOtherToolsRunAlone() {
        List<Step> steps = List.of(Step.of("a", "ip", "link", "add", "x", "type", "dummy"),
                Step.of("b", "ip", "link", "set", "x", "up"),
                Step.of("c", "ip", "link", "set", "x", "alias", "has space"),
                Step.withInput("d", "flush ruleset\n", "nft", "-f", "-"),
                Step.of("e", "bridge", "fdb", "append", "00:00:00:00:00:00", "dev", "x", "dst", "10.0.0.1"));
        List<StepBatch.Run> runs = StepBatch.runs(steps);
        assertEquals(List.of("ip", "-", "-", "-"),
                runs.stream().map(r -> r.batched() ? r.tool() : "-").toList());
        assertEquals(List.of(0, 2, 3, 4), runs.stream().map(StepBatch.Run::first).toList());
        StepBatch.Run ip = runs.get(0);
        assertEquals("link add x type dummy\nlink set x up\n", ip.stdin());
        assertEquals(1, ip.appliedBeforeFailure("Cannot find device \"x\"\nCommand failed -:2\n"));
        assertEquals(0, ip.appliedBeforeFailure("something else"));
        assertEquals("Cannot find device \"x\"",
                StepBatch.Run.errorText("Command failed -:2\nCannot find device \"x\"\n", "?"));
        assertTrue(runs.get(3).argv().contains("fdb"), "a lone bridge step runs as itself");
    }

    static String read(String name) {
        try (InputStream in = BatchGoldenTest.class.getResourceAsStream("/golden/batch/" + name)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
