package netshell.fault.plan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One fault planted on one node, as its marker on the node records it: the fault's number, its kind, and what
 * clearing it needs (the device, the value it had). The marker is data read back from a node: every value is
 * checked to be a plain word before it reaches an argv.
 *
 * @param id     the fault's number (the same on every node one inject planted it on)
 * @param node   the node it is planted on
 * @param kind   what it is
 * @param params what clearing it needs, by name
 */
public record Planted(int id, String node, FaultKind kind, Map<String, String> params) {
    private static final Pattern WORD = Pattern.compile("-|[A-Za-z0-9_.:,/@][A-Za-z0-9_.:,/@-]*");

    public Planted {
        params = Map.copyOf(params);
    }

    public String param(String name) {
        String v = params.get(name);
        if (v == null) throw new IllegalArgumentException("fault " + id + " on " + node + ": no " + name);
        return v;
    }

    /** The marker's text: "kind=ID" then one "name=value" line per parameter, in a stable order. */
    public String text() {
        StringBuilder sb = new StringBuilder("kind=").append(kind.id()).append('\n');
        params.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append(e.getKey()).append('=').append(e.getValue()).append('\n'));
        return sb.toString();
    }

    /** What the planted fault is, in a few words: "mtu vxlan0 1500 (was 1450)". */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        params.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append(sb.length() == 0 ? "" : " ").append(e.getKey()).append('=')
                        .append(e.getValue()));
        return sb.toString();
    }

    /** A marker read back from {@code node}; IllegalArgumentException (one line) when it is not one of ours. */
    public static Planted parse(int id, String node, String text) {
        Map<String, String> params = new LinkedHashMap<>();
        FaultKind kind = null;
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            int eq = line.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("fault " + id + " on " + node + ": unreadable marker");
            String name = line.substring(0, eq);
            String value = line.substring(eq + 1);
            if (!WORD.matcher(name).matches() || !WORD.matcher(value).matches())
                throw new IllegalArgumentException("fault " + id + " on " + node + ": marker line is not plain words");
            if (name.equals("kind"))
                kind = FaultKind.find(value).orElseThrow(
                        () -> new IllegalArgumentException("fault " + id + " on " + node + ": unknown kind " + value));
            else
                params.put(name, value);
        }
        if (kind == null) throw new IllegalArgumentException("fault " + id + " on " + node + ": marker has no kind");
        return new Planted(id, node, kind, params);
    }
}
