package netshell.change.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A snapshot as netshell sees it: its id on the node (the group files stay there), each group's line count and
 * digest, and what could not be read. A snapshot missing links, addresses, routes or rules is partial: a rollback
 * from it would cut the node off, so a change that needs one is refused instead.
 */
public record Snapshot(String id, Map<String, Group> groups, List<String> absent, List<String> unreadable) {
    /** One group file: its lines and md5. */
    public record Group(int lines, String digest) {}

    /** Groups without which a rollback is not safe. */
    public static final List<String> REQUIRED = List.of("links", "addresses", "routes", "rules");

    /** What reads each required group, for the refusal. */
    private static final Map<String, String> READS = Map.of("links", "ip -d -o link show", "addresses",
            "ip -o addr show", "routes", "ip route show table all", "rules", "ip rule show");

    public Snapshot {
        groups = Map.copyOf(groups);
        absent = List.copyOf(absent);
        unreadable = List.copyOf(unreadable);
    }

    /** Parses {@code StateScript#take}'s output. */
    public static Snapshot parse(String id, String output) {
        return parse(id, output, Set.of());
    }

    /**
     * Parses the output of a snapshot of {@code scope} alone (every group when empty): only the required groups in
     * the scope must be there.
     */
    public static Snapshot parse(String id, String output, Set<String> scope) {
        Map<String, Group> groups = new LinkedHashMap<>();
        List<String> absent = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] w = line.strip().split(" ");
            if (w.length == 4 && w[0].equals("group")) groups.put(w[1], new Group(Integer.parseInt(w[2]), w[3]));
            else if (w.length >= 2 && w[0].equals("absent")) absent.add(w[1]);
            else if (w.length >= 2 && w[0].equals("unreadable")) unreadable.add(w[1]);
        }
        for (String g : REQUIRED) {
            if (!scope.isEmpty() && !scope.contains(g)) continue;
            if (!groups.containsKey(g) && !unreadable.contains(g)) unreadable.add(g);
        }
        return new Snapshot(id, groups, absent, unreadable);
    }

    /** The required groups that could not be read, with the command that failed ("links (ip -d -o link show)"). */
    public List<String> missingRequired() {
        return REQUIRED.stream().filter(unreadable::contains).map(g -> g + " (" + READS.get(g) + ")").toList();
    }

    public boolean partial() { return !missingRequired().isEmpty(); }
}
