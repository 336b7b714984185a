package netshell.command;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import netshell.core.AfterCtrlC;
import netshell.core.Plan;
import netshell.core.Step;
import netshell.core.StepBatch;
import netshell.node.ExecResult;
import netshell.node.FleetResult;
import netshell.node.Node;
import netshell.node.NodeException;

/**
 * Runs a plan on its nodes, in parallel, each node's steps in order; {@link Changes#applyOrRollBack} undoes what a
 * failed or interrupted run made, from what this tells of each node's progress.
 */
final class PlanRun {
    /**
     * A plan's outcome: the report, and for each node whose task was cut short (Ctrl-C, a lost connection) the steps
     * it had under way, which may or may not have run.
     */
    record Applied(ApplyReport report, Map<String, List<Step>> underWay) {}

    private PlanRun() {}

    /**
     * Runs a plan as it is: nodes in parallel, each node's steps in order, stopping a node at its first
     * failing step. In a dry run nothing runs and the report lists the commands. Commands change nodes
     * through {@link Changes#applyOrRollBack}, which undoes a part-applied change; this is its engine. A node cut
     * short reports the steps it had finished as applied, so that they are undone too.
     */
    static Applied run(Context ctx, Plan plan) {
        if (ctx.dryRun()) {
            return new Applied(ApplyReport.dryRun(plan), Map.of()); // its text lists every command, once
        }
        List<Node> nodes = new ArrayList<>();
        Map<String, PlanProgress> progress = new ConcurrentHashMap<>();
        for (String name : plan.byNode().keySet()) {
            nodes.add(ctx.node(name));
            progress.put(name, new PlanProgress());
        }
        CountDownLatch ended = new CountDownLatch(nodes.size());
        FleetResult<ApplyReport.NodeApply> result = ctx.session().fleet().each(nodes, n -> {
            try {
                return applySteps(ctx, n, plan.stepsFor(n.name()), progress.get(n.name()));
            } finally {
                ended.countDown();
            }
        });
        if (Thread.currentThread().isInterrupted()) stopAndAwait(progress.values(), ended);
        List<ApplyReport.NodeApply> out = new ArrayList<>();
        Map<String, List<Step>> underWay = new LinkedHashMap<>();
        for (var o : result.outcomes()) {
            if (o.ok()) {
                out.add(o.value());
                continue;
            }
            PlanProgress p = progress.get(o.node());
            synchronized (p) {
                String at = p.underWay.isEmpty() ? "?" : ApplyReport.commandText(p.underWay.get(0));
                out.add(new ApplyReport.NodeApply(o.node(), p.done, plan.stepsFor(o.node()).size(), at, o.error(),
                        List.copyOf(p.commands)));
                if (!p.underWay.isEmpty()) underWay.put(o.node(), List.copyOf(p.underWay));
            }
        }
        return new Applied(new ApplyReport(out, false), underWay);
    }

    /**
     * After Ctrl-C: every node's task is told to stop before its next step and waited for (at most {@link
     * #STOP_WAIT_MILLIS}). The fleet stops waiting after a moment, and a node's task can outlive the interrupt (JSch
     * swallows it while it opens a channel): its progress is read only once it has ended, or a step made after the
     * rollback would stay.
     */
    private static void stopAndAwait(Collection<PlanProgress> progress, CountDownLatch ended) {
        progress.forEach(p -> {
            synchronized (p) {
                p.stopped = true;
            }
        });
        AfterCtrlC.await(() -> ended.getCount() == 0, STOP_WAIT_MILLIS);
    }

    private static final long STOP_WAIT_MILLIS = 30_000;

    /** How far one node's steps got, kept as they run: all that is known of a node whose task was cut short. */
    private static final class PlanProgress {
        int done;
        final List<String> commands = new ArrayList<>();
        List<Step> underWay = List.of();
        /** Set after Ctrl-C: no further step starts. */
        boolean stopped;
    }

    /**
     * A node's steps in order, consecutive ip/bridge steps as one {@code ip -batch -}/{@code bridge -batch -}
     * process (see {@link StepBatch}); a failing batch line is reported as its own step, with the steps before
     * it counted as applied, so rollback and the report are as if each step had run alone.
     */
    private static ApplyReport.NodeApply applySteps(Context ctx, Node node, List<Step> steps,
            PlanProgress progress) {
        for (StepBatch.Run run : StepBatch.runs(steps)) {
            run.steps().forEach(s -> ctx.noteChange(new Explained(node.name(), s.argv(), s.stdin(), false)));
            synchronized (progress) {
                if (progress.stopped) throw new NodeException(node.name(), "cancelled");
                progress.underWay = run.steps();
            }
            ExecResult r = node.run(run.argv(), run.stdin());
            synchronized (progress) {
                progress.underWay = List.of();
                if (r.ok()) {
                    run.steps().forEach(s -> progress.commands.add(ApplyReport.commandText(s)));
                    progress.done += run.steps().size();
                    continue;
                }
                int ran = run.appliedBeforeFailure(r.stderr());
                run.steps().subList(0, ran + 1).forEach(s -> progress.commands.add(ApplyReport.commandText(s)));
                String failed = ApplyReport.commandText(run.steps().get(ran));
                return new ApplyReport.NodeApply(node.name(), progress.done + ran, steps.size(), failed,
                        StepBatch.Run.errorText(r.stderr(), r.firstErrorLine()), List.copyOf(progress.commands));
            }
        }
        synchronized (progress) {
            return new ApplyReport.NodeApply(node.name(), progress.done, steps.size(), null, null,
                    List.copyOf(progress.commands));
        }
    }
}
