package netshell.change.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;

/**
 * One change as the journal keeps it: when, which shell and target, the command line, and per node the steps it
 * ran and how each group of the node's state changed ({@link GroupDelta}: hunks and digests, not whole states).
 * {@code undoes} names the change an undo reverted; {@code state} is what became of it later ("confirmed",
 * "rolled back", empty while nothing is known).
 */
public record JournalRecord(int id, String time, String session, String target, String line, int confirmSeconds,
        Integer undoes, List<NodeChange> nodes, String state) {
    /**
     * One node's part. {@code recorded}: the node's state was read before and after (else no diff, no undo);
     * {@code legacy}: journaled by netshell 0.2, whose deltas were computed here from whole snapshots.
     */
    public record NodeChange(String node, List<String> steps, String rollbackId, boolean recorded,
            List<GroupDelta> deltas, boolean legacy) {
        public NodeChange {
            steps = List.copyOf(steps);
            deltas = List.copyOf(deltas);
        }

        NodeChange headerOnly() { return new NodeChange(node, steps, rollbackId, recorded, List.of(), legacy); }
    }

    public JournalRecord {
        nodes = List.copyOf(nodes);
        state = state == null ? "" : state;
    }

    public JournalRecord withId(int newId) {
        return new JournalRecord(newId, time, session, target, line, confirmSeconds, undoes, nodes, state);
    }

    public JournalRecord withState(String newState) {
        return new JournalRecord(id, time, session, target, line, confirmSeconds, undoes, nodes, newState);
    }

    public List<String> nodeNames() { return nodes.stream().map(NodeChange::node).toList(); }

    /** The small part {@code changes} lists: everything but the deltas. */
    public String headerJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", 2);
        m.put("id", id);
        m.put("time", time);
        m.put("session", session);
        m.put("target", target);
        m.put("line", line);
        m.put("confirmSeconds", confirmSeconds);
        m.put("undoes", undoes);
        List<Object> ns = new ArrayList<>();
        for (NodeChange n : nodes) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("node", n.node());
            o.put("steps", n.steps());
            o.put("rollbackId", n.rollbackId());
            o.put("recorded", n.recorded());
            o.put("groups", n.deltas().stream().map(GroupDelta::group).toList());
            ns.add(o);
        }
        m.put("nodes", ns);
        return JsonOutput.prettyPrint(JsonOutput.toJson(m)) + "\n";
    }

    /** The deltas per node, stored compressed beside the header. */
    public String deltasJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (NodeChange n : nodes) m.put(n.node(), n.deltas().stream().map(GroupDelta::toMap).toList());
        return JsonOutput.toJson(m);
    }

    /** A record from its header and (null: not loaded) its deltas; reads 0.2's single-file records too. */
    @SuppressWarnings("unchecked")
    public static JournalRecord fromJson(String header, String deltas, String state) {
        Map<String, Object> m = (Map<String, Object>) new JsonSlurper().parseText(header);
        Map<String, Object> byNode = deltas == null
                ? Map.of()
                : (Map<String, Object>) new JsonSlurper().parseText(deltas);
        boolean legacy = m.get("format") == null;
        List<NodeChange> nodes = new ArrayList<>();
        for (Object o : (List<Object>) m.get("nodes")) {
            Map<String, Object> n = (Map<String, Object>) o;
            String name = (String) n.get("node");
            List<String> steps = List.copyOf((List<String>) n.get("steps"));
            String rollbackId = (String) n.get("rollbackId");
            if (legacy) {
                LegacySnapshot before = legacy(n.get("before"));
                LegacySnapshot after = legacy(n.get("after"));
                nodes.add(new NodeChange(name, steps, rollbackId, before != null && after != null,
                        before == null || after == null ? List.of() : legacyDeltas(before, after), true));
                continue;
            }
            List<GroupDelta> ds = new ArrayList<>();
            Object d = byNode.get(name);
            if (d instanceof List<?> list) list.forEach(x -> ds.add(GroupDelta.fromMap((Map<String, Object>) x)));
            nodes.add(new NodeChange(name, steps, rollbackId, Boolean.TRUE.equals(n.get("recorded")), ds, false));
        }
        Object undoes = m.get("undoes");
        return new JournalRecord(((Number) m.get("id")).intValue(), (String) m.get("time"), (String) m.get("session"),
                (String) m.getOrDefault("target", ""), (String) m.get("line"),
                ((Number) m.getOrDefault("confirmSeconds", 0)).intValue(),
                undoes == null ? null : ((Number) undoes).intValue(), nodes, state);
    }

    /** Only the header part of this record (what listing needs). */
    public JournalRecord header() {
        return new JournalRecord(id, time, session, target, line, confirmSeconds, undoes,
                nodes.stream().map(NodeChange::headerOnly).toList(), state);
    }

    @SuppressWarnings("unchecked")
    private static LegacySnapshot legacy(Object o) {
        if (!(o instanceof Map<?, ?> m)) return null;
        Map<String, String> sections = new LinkedHashMap<>();
        ((Map<String, Object>) m).forEach((k, v) -> sections.put(k, v == null ? "" : v.toString()));
        return new LegacySnapshot(sections);
    }

    /** 0.2's whole snapshots turned into deltas (display only: their digests are not the node's). */
    private static List<GroupDelta> legacyDeltas(LegacySnapshot before, LegacySnapshot after) {
        Map<String, List<String>> b = StateLines.of(before);
        Map<String, List<String>> a = StateLines.of(after);
        List<GroupDelta> out = new ArrayList<>();
        for (String g : StateDiff.changedGroups(b, a)) {
            List<String> hunks = StateDiff.lines(b.getOrDefault(g, List.of()), a.getOrDefault(g, List.of())).stream()
                    .map(l -> l.charAt(0) + l.substring(2)).toList();
            out.add(new GroupDelta(legacyGroup(g), b.getOrDefault(g, List.of()).size(), "?",
                    a.getOrDefault(g, List.of()).size(), "?", hunks, a.get(g), false));
        }
        return out;
    }

    private static String legacyGroup(String display) {
        if (display.startsWith("iptables ")) return "ipt4." + display.substring(9);
        if (display.startsWith("ip6tables ")) return "ipt6." + display.substring(10);
        if (display.startsWith("nft ")) return "nft." + display.substring(4).replace(' ', '.');
        return display;
    }
}
