package netshell.change;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netshell.change.plan.JournalRecord;
import netshell.change.plan.RollbackScript;
import netshell.change.plan.Snapshot;
import netshell.change.plan.StateDiff;
import netshell.change.plan.StateLines;
import netshell.command.Args;
import netshell.command.ChangeGuard;
import netshell.command.Changes;
import netshell.command.CommandOutcome;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.Displayable;
import netshell.command.Param;
import netshell.command.Session;
import netshell.command.Text;
import netshell.command.Verb;
import netshell.core.BadInput;
import netshell.core.Plan;
import netshell.core.Step;
import netshell.node.ExecResult;
import netshell.node.Node;

/** {@code confirm}, {@code changes} and {@code undo}: keep, inspect and revert what commands changed on the nodes. */
public final class ChangeCommands {
    private ChangeCommands() {}

    /** The session's SafeChanges, installed on first use when the launcher has not. */
    public static SafeChanges guard(Session session) {
        if (session.changeGuard() instanceof SafeChanges s) return s;
        SafeChanges s = new SafeChanges(Journal.standard());
        session.changeGuard(s);
        return s;
    }

    public static CommandSpec confirm() {
        return CommandSpec.of("confirm", "keep a change made with --confirm, or set --confirm for the session",
                Verb.of("", "disarm the rollback on every node (or the nodes named); 'on SECONDS' / 'off' for the "
                        + "session", ChangeCommands::confirm,
                        Param.rest("what", "NODE… to confirm on those nodes only; on SECONDS | off for the session")
                                .completes("node"))
                        .details("""
                                A change made with --confirm SECONDS (or while 'confirm on SECONDS' is set) first
                                snapshots each node (iptables-save, ip6tables-save, nft list ruleset, ip -j link,
                                ip -j addr, ip route, the forwarding sysctls) and arms a rollback on the node itself:
                                a systemd timer where systemd runs the node's network namespace, else a detached
                                setsid shell that sleeps. Unless 'confirm' reaches the node in time, the node restores
                                the snapshot by itself (netfilter atomically, links and addresses added since removed,
                                routes and sysctls reset), even when netshell is gone or cut off. A node that rolled
                                back is reported the next time it is reached."""));
    }

    public static CommandSpec changes() {
        return CommandSpec.of("changes", "the change journal: what each command changed, and the diff",
                Verb.of("", "list every change of this session and earlier ones (per node: when, command, steps); "
                        + "'changes show N': the kernel state before and after change N as +/- lines",
                        ChangeCommands::changes,
                        Param.optionalPositional("show", "show: the diff of one change").choices("show"),
                        Param.optionalPositional("n", "the change number ('changes' lists them)")));
    }

    public static CommandSpec undo() {
        return CommandSpec.of("undo", "revert the last change, or change N when nothing after it conflicts",
                Verb.of("", "restore the state before the change on the nodes it touched, after checking that "
                        + "nothing changed there since", ChangeCommands::undo,
                        Param.optionalPositional("n", "the change number (default: the last one)")));
    }

    // ---- confirm

    private static Object confirm(Args a, Context ctx) {
        List<String> words = a.all("what");
        if (!words.isEmpty() && words.get(0).equals("off")) {
            if (words.size() > 1) throw new BadInput("usage: confirm off");
            ctx.session().confirmSeconds(0);
            return new Text("confirm off: changes apply without a rollback armed");
        }
        if (!words.isEmpty() && words.get(0).equals("on")) {
            if (words.size() != 2) throw new BadInput("usage: confirm on SECONDS");
            int s = ChangeGuard.confirmSeconds(words.get(1));
            ctx.session().confirmSeconds(s);
            return new Text("confirm on: every change rolls back by itself unless confirmed within " + s + " s");
        }
        SafeChanges guard = guard(ctx.session());
        Set<String> only = new LinkedHashSet<>();
        for (String w : words) ctx.select(w).forEach(n -> only.add(n.name()));
        List<String> out = new ArrayList<>();
        boolean failed = false;
        for (SafeChanges.Pending p : guard.pending()) {
            Map<String, String> left = new LinkedHashMap<>(p.rollbackIds());
            for (Map.Entry<String, String> e : p.rollbackIds().entrySet()) {
                if (!only.isEmpty() && !only.contains(e.getKey())) continue;
                Node n = ctx.node(e.getKey());
                String prefix = e.getKey() + ": change " + p.change() + ": ";
                ExecResult r;
                try {
                    r = ctx.change(n, new Step(RollbackScript.disarm(e.getValue()), null, "disarm the rollback"));
                } catch (RuntimeException ex) {
                    out.add(prefix + "not reachable (" + ex.getMessage() + "): it rolls back by itself");
                    failed = true;
                    continue;
                }
                if (ctx.dryRun()) continue;
                left.remove(e.getKey());
                if (r.exit() == 3) {
                    out.add(prefix + "too late, it rolled back by itself: restored "
                            + RollbackScript.restored(r.stdout().strip()));
                    failed = true;
                } else if (r.ok()) {
                    out.add(prefix + "confirmed");
                } else {
                    out.add(prefix + "cannot disarm: " + r.firstErrorLine());
                    failed = true;
                    left.put(e.getKey(), e.getValue());
                }
            }
            if (ctx.dryRun()) continue;
            guard.replace(p, new SafeChanges.Pending(p.change(), p.line(), left, p.bases(), p.deadline()));
        }
        if (out.isEmpty() && !ctx.dryRun()) return new Text("nothing awaits confirmation");
        return new Outcome(String.join("\n", out), failed, "not confirmed everywhere (see above)");
    }

    /** Text that may report failure. */
    record Outcome(String text, boolean failed, String failureSummary) implements CommandOutcome, Displayable {
        @Override
        public Object data() { return text.lines().toList(); }
    }

    // ---- changes

    private static Object list(Context ctx) {
        SafeChanges guard = guard(ctx.session());
        List<JournalRecord> all = guard.journal().all();
        Map<Integer, Integer> undoneBy = new LinkedHashMap<>();
        all.forEach(r -> { if (r.undoes() != null) undoneBy.put(r.undoes(), r.id()); });
        StringBuilder sb = new StringBuilder();
        List<Map<String, Object>> data = new ArrayList<>();
        for (JournalRecord r : all) {
            String mine = r.session().equals(guard.sessionId()) ? " (this session)" : "";
            String state = undoneBy.containsKey(r.id()) ? "  [undone by " + undoneBy.get(r.id()) + "]" : "";
            sb.append(r.id()).append("  ").append(r.time().replace('T', ' ').replace("Z", "")).append("  ")
                    .append(r.line()).append(mine).append(state).append('\n');
            for (JournalRecord.NodeChange n : r.nodes()) {
                sb.append("    ").append(n.node()).append(": ").append(String.join("; ", n.steps())).append('\n');
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", r.id());
            row.put("time", r.time());
            row.put("line", r.line());
            row.put("nodes", r.nodeNames());
            row.put("undoneBy", undoneBy.get(r.id()));
            data.add(row);
        }
        String text = all.isEmpty() ? "no changes in " + guard.journal().dir() : sb.toString().stripTrailing();
        return new Displayed(text, data);
    }

    record Displayed(String text, Object data) implements Displayable {}

    private static Object changes(Args a, Context ctx) {
        if (a.get("show") == null) return list(ctx);
        if (!a.get("show").equals("show")) throw new BadInput("usage: changes [show N]");
        if (a.get("n") == null) throw new BadInput("usage: changes show N (the numbers are in 'changes')");
        return show(a.get("n"), ctx);
    }

    private static Object show(String number, Context ctx) {
        JournalRecord r = record(ctx, number);
        List<String> out = new ArrayList<>();
        out.add("change " + r.id() + "  " + r.time() + "  " + r.line());
        for (JournalRecord.NodeChange n : r.nodes()) {
            if (n.before() == null || n.after() == null) {
                out.add("[" + n.node() + "] state " + (n.before() == null ? "before" : "after")
                        + " the change could not be read");
                continue;
            }
            List<String> diff = StateDiff.render(n.node(), StateLines.of(n.before()), StateLines.of(n.after()));
            out.addAll(diff.isEmpty() ? List.of("[" + n.node() + "] no difference") : diff);
        }
        return new Displayed(String.join("\n", out), out);
    }

    private static JournalRecord record(Context ctx, String n) {
        int id = (int) Args.parseBounded("N", n, 1, Integer.MAX_VALUE);
        return guard(ctx.session()).journal().get(id)
                .orElseThrow(() -> new BadInput("no change " + id + " in the journal (see 'changes')"));
    }

    // ---- undo

    private static Object undo(Args a, Context ctx) {
        SafeChanges guard = guard(ctx.session());
        List<JournalRecord> all = guard.journal().all();
        Set<Integer> undone = new LinkedHashSet<>();
        all.forEach(r -> { if (r.undoes() != null) undone.add(r.undoes()); });
        JournalRecord target;
        if (a.get("n") != null) {
            target = record(ctx, a.get("n"));
            if (undone.contains(target.id())) throw new BadInput("change " + target.id() + " is already undone");
        } else {
            List<JournalRecord> candidates = all.stream().filter(r -> r.undoes() == null && !undone.contains(r.id()))
                    .toList();
            target = candidates.stream().filter(r -> r.session().equals(guard.sessionId())).reduce((x, y) -> y)
                    .or(() -> candidates.stream().reduce((x, y) -> y))
                    .orElseThrow(() -> new BadInput("nothing to undo (see 'changes')"));
        }
        List<JournalRecord.NodeChange> nodes = new ArrayList<>(target.nodes());
        Collections.reverse(nodes);
        Map<String, Snapshot> now = guard.snapshots(ctx, nodes.stream().map(JournalRecord.NodeChange::node).toList(),
                true);
        Plan plan = new Plan();
        List<String> conflicts = new ArrayList<>();
        for (JournalRecord.NodeChange n : nodes) {
            if (n.before() == null || n.after() == null) {
                conflicts.add("[" + n.node() + "] the state around change " + target.id() + " was not recorded");
                continue;
            }
            Map<String, List<String>> before = StateLines.of(n.before());
            Map<String, List<String>> after = StateLines.of(n.after());
            Map<String, List<String>> current = StateLines.of(now.get(n.node()));
            Set<String> changed = StateDiff.changedGroups(before, after);
            if (changed.isEmpty()) continue;
            Map<String, List<String>> was = new LinkedHashMap<>();
            Map<String, List<String>> is = new LinkedHashMap<>();
            for (String g : changed) {
                was.put(g, after.getOrDefault(g, List.of()));
                is.put(g, current.getOrDefault(g, List.of()));
            }
            List<String> drift = StateDiff.render(n.node() + " since change " + target.id() + ":", was, is);
            conflicts.addAll(drift);
            List<String> gone = new ArrayList<>(StateLines.linkNames(n.before().section(Snapshot.LINKS)));
            gone.removeAll(StateLines.linkNames(n.after().section(Snapshot.LINKS)));
            if (!gone.isEmpty())
                conflicts.add("[" + n.node() + "] change " + target.id() + " removed "
                        + String.join(", ", gone) + ": undo cannot recreate links (re-run the command that made them)");
            if (!drift.isEmpty() || !gone.isEmpty()) continue;
            Set<RollbackScript.Part> parts = EnumSet.copyOf(RollbackScript.parts(changed));
            String script = RollbackScript.text(null, target.line(), n.before(), parts);
            plan.add(n.node(), new Step(List.of("sh", "-c", "f=$(mktemp) && cat > \"$f\" && sh \"$f\"; e=$?; "
                    + "rm -f \"$f\"; exit $e"), script, "undo change " + target.id() + ": restore " + parts));
        }
        if (!conflicts.isEmpty()) {
            return new Outcome(String.join("\n", conflicts), true, "undo " + target.id()
                    + " refused: the nodes changed since (the difference is above); nothing was changed");
        }
        if (plan.isEmpty()) return new Text("change " + target.id() + " changed nothing to undo");
        return guard.undoing(target.id(), () -> Changes.applyOrRollBack(ctx, plan));
    }
}
