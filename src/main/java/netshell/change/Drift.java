package netshell.change;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import netshell.change.plan.GroupDelta;
import netshell.change.plan.JournalRecord;
import netshell.change.plan.Snapshot;
import netshell.change.plan.StateDiff;
import netshell.command.Context;

/**
 * What changed on a node since a journaled change, group by group: a group whose digest is no longer the one the
 * change left is drift. Small groups are shown line by line (the journal kept their text); big ones by size.
 */
final class Drift {
    private Drift() {}

    static List<String> of(Context ctx, JournalRecord.NodeChange n, Snapshot now, int change) {
        List<GroupDelta> drifted = n.deltas().stream().filter(d -> !d.cut() && !d.afterDigest().equals(digest(now,
                d.group()))).toList();
        if (drifted.isEmpty()) return List.of();
        List<String> small = drifted.stream().filter(d -> d.afterText() != null).map(GroupDelta::group).toList();
        Map<String, List<String>> current = small.isEmpty()
                ? Map.of()
                : StateScript.parseShow(StateReads.read(ctx, ctx.node(n.node()), StateScript.show(small)).stdout());
        List<String> out = new ArrayList<>();
        for (GroupDelta d : drifted) {
            out.add("[" + n.node() + " since change " + change + ": " + d.displayName() + "]");
            if (d.afterText() != null) {
                out.addAll(StateDiff.lines(d.afterText(), current.getOrDefault(d.group(), List.of())));
            } else {
                Snapshot.Group g = now.groups().get(d.group());
                out.add("  " + d.afterLines() + " lines after the change, " + (g == null ? "none" : g.lines())
                        + " now: changed since (compared by digest only)");
            }
        }
        return out;
    }

    private static String digest(Snapshot now, String group) {
        Snapshot.Group g = now.groups().get(group);
        return g == null ? GroupDelta.ABSENT : g.digest();
    }
}
