package netshell.change;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netshell.change.plan.JournalRecord;
import netshell.change.plan.GroupDelta;
import netshell.change.plan.Snapshot;
import netshell.command.Args;
import netshell.command.ChangeGuard;
import netshell.command.Changes;
import netshell.command.CommandFailed;
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
                        Param.optionalPositional("n", "the change number ('changes' lists them)"),
                        Param.flag("all", "every target's changes, each tagged with its target (default: this "
                                + "target's only)")));
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
                    guard.journal().mark(p.change(), "rolled back");
                    failed = true;
                } else if (r.exit() == 4 || r.exit() == StateScript.MISSING) {
                    out.add(prefix + "the armed rollback is missing (node rebooted?): the change stays as it is");
                    failed = true;
                } else if (r.ok()) {
                    String via = r.stdout().strip().replaceFirst("^disarmed", "").strip();
                    out.add(prefix + "confirmed" + (via.isEmpty() ? "" : " " + via));
                    guard.journal().mark(p.change(), "confirmed");
                } else {
                    out.add(prefix + "cannot disarm: " + r.firstErrorLine());
                    failed = true;
                    left.put(e.getKey(), e.getValue());
                }
            }
            if (ctx.dryRun()) continue;
            guard.replace(p, new SafeChanges.Pending(p.change(), p.line(), left, p.deadline()));
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

    private static Object list(Context ctx, boolean everyTarget) {
        SafeChanges guard = guard(ctx.session());
        String here = SafeChanges.target(ctx);
        if (here.isEmpty()) everyTarget = true; // no target yet: nothing to filter by
        List<JournalRecord> all = guard.journal().all();
        Map<Integer, Integer> undoneBy = new LinkedHashMap<>();
        all.forEach(r -> { if (r.undoes() != null) undoneBy.put(r.undoes(), r.id()); });
        Set<Integer> awaiting = new LinkedHashSet<>();
        guard.pending().forEach(p -> awaiting.add(p.change()));
        StringBuilder sb = new StringBuilder();
        List<Map<String, Object>> data = new ArrayList<>();
        int hidden = 0;
        for (JournalRecord r : all) {
            boolean mineTarget = r.target().isEmpty() || r.target().equals(here);
            if (!everyTarget && !mineTarget) {
                hidden++;
                continue;
            }
            String state = state(r, undoneBy, awaiting);
            String mine = r.session().equals(guard.sessionId()) ? " (this session)" : "";
            String where = everyTarget && !r.target().isEmpty() ? "  {" + r.target() + "}" : "";
            sb.append(r.id()).append("  ").append(r.time().replace('T', ' ').replace("Z", "")).append("  ")
                    .append(r.line()).append(mine).append(state.isEmpty() ? "" : "  [" + state + "]").append(where)
                    .append('\n');
            for (JournalRecord.NodeChange n : r.nodes()) {
                sb.append("    ").append(n.node()).append(": ").append(String.join("; ", n.steps())).append('\n');
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", r.id());
            row.put("time", r.time());
            row.put("line", r.line());
            row.put("target", r.target());
            row.put("nodes", r.nodeNames());
            row.put("state", state);
            row.put("undoneBy", undoneBy.get(r.id()));
            data.add(row);
        }
        if (hidden > 0)
            sb.append("(").append(hidden).append(" change").append(hidden == 1 ? "" : "s")
                    .append(" of other targets: 'changes --all')\n");
        String text = sb.length() == 0 ? "no changes in " + guard.journal().dir() : sb.toString().stripTrailing();
        return new Displayed(text, data);
    }

    /** What became of a change: undone by N, rolled back, confirmed, awaiting confirmation, or nothing to say. */
    private static String state(JournalRecord r, Map<Integer, Integer> undoneBy, Set<Integer> awaiting) {
        if (undoneBy.containsKey(r.id())) return "undone by " + undoneBy.get(r.id());
        if (!r.state().isEmpty()) return r.state();
        if (awaiting.contains(r.id())) return "awaiting confirmation";
        return "";
    }

    record Displayed(String text, Object data) implements Displayable {}

    private static Object changes(Args a, Context ctx) {
        if (a.get("show") == null) return list(ctx, a.flag("all"));
        if (!a.get("show").equals("show")) throw new BadInput("usage: changes [show N]");
        if (a.get("n") == null) throw new BadInput("usage: changes show N (the numbers are in 'changes')");
        return show(a.get("n"), ctx);
    }

    private static Object show(String number, Context ctx) {
        JournalRecord r = record(ctx, number);
        List<String> out = new ArrayList<>();
        out.add("change " + r.id() + "  " + r.time() + "  " + r.line());
        for (JournalRecord.NodeChange n : r.nodes()) {
            if (!n.recorded()) {
                out.add("[" + n.node() + "] the state around the change could not be read");
                continue;
            }
            if (n.deltas().isEmpty()) out.add("[" + n.node() + "] no difference");
            for (GroupDelta d : n.deltas()) {
                out.add("[" + n.node() + " " + d.displayName() + "]");
                if (d.cut())
                    out.add("  " + d.beforeLines() + " -> " + d.afterLines()
                            + " lines, compared by digest only (too many changed lines to carry)");
                else
                    out.addAll(d.plusMinus());
            }
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
            // This target's changes only, as 'changes' lists them: another lab's newest change is not this one's last.
            String here = SafeChanges.target(ctx);
            List<JournalRecord> candidates = all.stream().filter(r -> r.undoes() == null && !undone.contains(r.id()))
                    .filter(r -> here.isEmpty() || r.target().isEmpty() || r.target().equals(here)).toList();
            target = candidates.stream().filter(r -> r.session().equals(guard.sessionId())).reduce((x, y) -> y)
                    .or(() -> candidates.stream().reduce((x, y) -> y))
                    .orElseThrow(() -> new BadInput("nothing to undo (see 'changes')"));
            target = record(ctx, String.valueOf(target.id())); // the listing holds headers only
        }
        if (target.state().startsWith("rolled back"))
            throw new BadInput("change " + target.id() + " already rolled back by itself (not confirmed in time): "
                    + "nothing to undo");
        List<JournalRecord.NodeChange> nodes = new ArrayList<>(target.nodes());
        Collections.reverse(nodes);
        if (nodes.stream().anyMatch(JournalRecord.NodeChange::legacy))
            throw new BadInput("change " + target.id() + " was journaled by netshell 0.2, whose journal cannot be "
                    + "undone node-side: 'changes show " + target.id() + "' lists what to revert by hand");
        // What no read can change: refused at once.
        List<String> conflicts = new ArrayList<>();
        for (JournalRecord.NodeChange n : nodes) {
            if (!n.recorded()) {
                conflicts.add("[" + n.node() + "] the state around change " + target.id() + " was not recorded");
                continue;
            }
            List<String> gone = n.deltas().stream().flatMap(d -> d.linksRemoved().stream()).toList();
            if (!gone.isEmpty())
                conflicts.add("[" + n.node() + "] change " + target.id() + " removed "
                        + String.join(", ", gone) + ": undo cannot recreate links (re-run the command that made them)");
            List<String> cut = n.deltas().stream().filter(GroupDelta::cut).map(GroupDelta::displayName).toList();
            if (!cut.isEmpty())
                conflicts.add("[" + n.node() + "] " + String.join(", ", cut) + ": too many lines changed to carry, "
                        + "so undo cannot rebuild them");
        }
        if (!conflicts.isEmpty()) return refused(target, conflicts);
        // Unconfirmed: the nodes check, reverse and verify by themselves (no snapshots around it).
        if (ctx.confirmSeconds() == 0 && !ctx.dryRun()) return NodeUndo.run(ctx, guard, target, nodes);
        Map<String, Snapshot> now = currentDigests(ctx, nodes);
        Plan plan = new Plan();
        for (JournalRecord.NodeChange n : nodes) {
            if (n.deltas().isEmpty()) continue;
            List<String> drift = Drift.of(ctx, n, now.get(n.node()), target.id());
            conflicts.addAll(drift);
            if (!drift.isEmpty()) continue;
            String groups = String.join(", ", n.deltas().stream().map(GroupDelta::displayName).toList());
            plan.add(n.node(), new Step(StateScript.undo(), GroupDelta.undoInput(n.deltas()),
                    "undo change " + target.id() + ": restore " + groups).touching(groupsOf(n)));
        }
        if (!conflicts.isEmpty()) return refused(target, conflicts);
        if (plan.isEmpty()) return new Text("change " + target.id() + " changed nothing to undo");
        return guard.undoing(target.id(), () -> Changes.applyOrRollBack(ctx, plan));
    }

    private static String[] groupsOf(JournalRecord.NodeChange n) {
        return n.deltas().stream().map(GroupDelta::group).distinct().toArray(String[]::new);
    }

    /** The refusal of an undo: the difference (or reason) per node above, one summary line. */
    static Object refused(JournalRecord target, List<String> conflicts) {
        return new Outcome(String.join("\n", conflicts), true, "undo " + target.id()
                + " refused: the nodes changed since (the difference is above); nothing was changed");
    }

    /**
     * Each node's digests now of the groups its change touched (nothing kept on the node); a node that cannot be
     * read stops the undo.
     */
    static Map<String, Snapshot> currentDigests(Context ctx, List<JournalRecord.NodeChange> changes) {
        Map<String, Snapshot> out = new LinkedHashMap<>();
        Map<String, List<String>> read = new LinkedHashMap<>();
        for (JournalRecord.NodeChange c : changes)
            if (c.recorded() && !c.deltas().isEmpty()) read.put(c.node(), StateScript.digests(List.of(groupsOf(c))));
        List<Node> nodes = read.keySet().stream().map(ctx::node).toList();
        var r = ctx.session().fleet().each(nodes, n -> StateReads.read(ctx, n, read.get(n.name())));
        for (var o : r.outcomes()) {
            if (!o.ok() || !o.value().ok())
                throw new CommandFailed("cannot read " + o.node() + ": "
                        + (o.ok() ? o.value().firstErrorLine() : o.error()) + " (nothing was changed)");
            out.put(o.node(), Snapshot.parse(null, o.value().stdout()));
        }
        return out;
    }
}
