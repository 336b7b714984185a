package netshell.change.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;

/**
 * One change as the journal keeps it: when, which shell, the command line, and per node the steps it ran and the
 * node's state before and after. {@code undoes} names the change an undo reverted.
 */
public record JournalRecord(int id, String time, String session, String line, int confirmSeconds, Integer undoes,
        List<NodeChange> nodes) {
    /** One node's part; {@code after} is null when the node could not be read after the change. */
    public record NodeChange(String node, List<String> steps, String rollbackId, Snapshot before, Snapshot after) {}

    public JournalRecord {
        nodes = List.copyOf(nodes);
    }

    public JournalRecord withId(int newId) {
        return new JournalRecord(newId, time, session, line, confirmSeconds, undoes, nodes);
    }

    public List<String> nodeNames() { return nodes.stream().map(NodeChange::node).toList(); }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("time", time);
        m.put("session", session);
        m.put("line", line);
        m.put("confirmSeconds", confirmSeconds);
        m.put("undoes", undoes);
        List<Object> ns = new ArrayList<>();
        for (NodeChange n : nodes) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("node", n.node());
            o.put("steps", n.steps());
            o.put("rollbackId", n.rollbackId());
            o.put("before", n.before() == null ? null : n.before().sections());
            o.put("after", n.after() == null ? null : n.after().sections());
            ns.add(o);
        }
        m.put("nodes", ns);
        return JsonOutput.prettyPrint(JsonOutput.toJson(m)) + "\n";
    }

    @SuppressWarnings("unchecked")
    public static JournalRecord fromJson(String json) {
        Map<String, Object> m = (Map<String, Object>) new JsonSlurper().parseText(json);
        List<NodeChange> nodes = new ArrayList<>();
        for (Object o : (List<Object>) m.get("nodes")) {
            Map<String, Object> n = (Map<String, Object>) o;
            nodes.add(new NodeChange((String) n.get("node"), List.copyOf((List<String>) n.get("steps")),
                    (String) n.get("rollbackId"), snapshot(n.get("before")), snapshot(n.get("after"))));
        }
        Object undoes = m.get("undoes");
        return new JournalRecord(((Number) m.get("id")).intValue(), (String) m.get("time"), (String) m.get("session"),
                (String) m.get("line"), ((Number) m.getOrDefault("confirmSeconds", 0)).intValue(),
                undoes == null ? null : ((Number) undoes).intValue(), nodes);
    }

    @SuppressWarnings("unchecked")
    private static Snapshot snapshot(Object o) {
        if (!(o instanceof Map<?, ?> m)) return null;
        Map<String, String> sections = new LinkedHashMap<>();
        ((Map<String, Object>) m).forEach((k, v) -> sections.put(k, v == null ? "" : v.toString()));
        return new Snapshot(sections);
    }
}
