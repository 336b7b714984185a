package netshell.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netshell.core.BadInput;
import netshell.core.NodeSet;

/**
 * A ClusterShell groups file (`source: {group: 'node[1-3]', …}`, what `nodes --export clush` writes): every node
 * of its groups becomes a host reached by its name, each group a group. Node sets are read as netshell selectors
 * (ranges, `,` `!` `&`, `@group` for a group above it). Pure.
 */
final class ClushGroups {
    private static final Set<String> ANSIBLE_SECTIONS = Set.of("hosts", "vars", "children");

    private ClushGroups() {}

    /** Whether a YAML file's groups (source → group → text) are a ClusterShell file rather than Ansible's. */
    static boolean looksLike(Map<String, Map<String, String>> sources) {
        return !sources.isEmpty() && sources.values().stream().allMatch(
                groups -> !groups.isEmpty() && groups.values().stream().allMatch(v -> v != null)
                        && !ANSIBLE_SECTIONS.containsAll(groups.keySet()));
    }

    /** Adds the groups; `where` gives each group's file:line for errors. */
    static void read(Map<String, Map<String, String>> sources, Map<String, String> where, AnsibleData data) {
        for (Map<String, String> groups : sources.values()) {
            List<String> universe = new ArrayList<>();
            for (Map.Entry<String, String> g : groups.entrySet())
                for (String term : g.getValue().split("[,!&]"))
                    if (!term.isBlank() && !term.strip().startsWith("@"))
                        universe.addAll(expand(term.strip(), where.get(g.getKey())));
            List<String> names = List.copyOf(new LinkedHashSet<>(universe));
            Map<String, List<String>> resolved = new LinkedHashMap<>();
            for (Map.Entry<String, String> g : groups.entrySet()) {
                List<String> members;
                try {
                    members = NodeSet.resolve(g.getValue(), names, resolved);
                } catch (BadInput e) {
                    throw new BadInput(where.get(g.getKey()) + ": group " + g.getKey() + ": " + e.getMessage());
                }
                resolved.put(g.getKey(), members);
                for (String host : members) data.addHost(host, g.getKey().equals("all") ? null : g.getKey(), Map.of());
            }
        }
    }

    private static List<String> expand(String term, String where) {
        try {
            return NodeSet.expand(term);
        } catch (BadInput e) {
            throw new BadInput(where + ": " + e.getMessage());
        }
    }
}
