package netshell.node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netshell.core.BadInput;

/**
 * An Ansible inventory as Ansible holds it once its sources are read (its InventoryData): hosts in the order met,
 * groups with their hosts, child groups and variables, and the variables of group_vars/ and host_vars/ files.
 * A host's variables are merged with Ansible's precedence: inventory group vars (groups sorted by depth below
 * `all`, then ansible_group_priority, then name), group_vars/ files in the same order, inventory host vars,
 * host_vars/ files. Pure.
 */
final class AnsibleData {
    static final String ALL = "all";
    static final String UNGROUPED = "ungrouped";

    private static final class Group {
        final Set<String> hosts = new LinkedHashSet<>();
        final Set<String> children = new LinkedHashSet<>();
        final Map<String, String> vars = new LinkedHashMap<>();
        final Map<String, String> fileVars = new LinkedHashMap<>();
    }

    private final Map<String, Map<String, String>> hostVars = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> hostFileVars = new HashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    /** Group depths and descendants, worked out once the groups stop changing (an estate has thousands of hosts). */
    private Map<String, Integer> depths;
    private final Map<String, Set<String>> descendants = new HashMap<>();

    AnsibleData() {
        addGroup(ALL);
        addGroup(UNGROUPED);
    }

    void addGroup(String group) {
        if (groups.containsKey(group)) return;
        groups.put(group, new Group());
        changed();
    }

    private void changed() {
        depths = null;
        descendants.clear();
    }

    boolean hasGroup(String group) { return groups.containsKey(group); }

    /** Adds a host (to `group` unless that is null or `all`) with variables merged over any it had. */
    void addHost(String host, String group, Map<String, String> vars) {
        hostVars.computeIfAbsent(host, h -> new LinkedHashMap<>()).putAll(vars);
        if (group != null && !group.equals(ALL)) {
            addGroup(group);
            groups.get(group).hosts.add(host);
        }
    }

    /** Makes `child` a child of `parent`; a group that would contain itself is refused with `where` in front. */
    void addChild(String parent, String child, String where) {
        addGroup(parent);
        addGroup(child);
        if (parent.equals(child) || descendants(child).contains(parent))
            throw new BadInput(where + ": group '" + parent + "' would contain itself through '" + child + "'");
        if (groups.get(parent).children.add(child)) changed();
    }

    void setGroupVar(String group, String key, String value) {
        addGroup(group);
        groups.get(group).vars.put(key, value);
    }

    /** Variables from a group_vars/ file: above every group's inventory variables, below host variables. */
    void setGroupFileVars(String group, Map<String, String> vars) {
        if (groups.containsKey(group)) groups.get(group).fileVars.putAll(vars);
    }

    void setHostFileVars(String host, Map<String, String> vars) {
        if (hostVars.containsKey(host)) hostFileVars.computeIfAbsent(host, h -> new LinkedHashMap<>()).putAll(vars);
    }

    List<String> hosts() { return List.copyOf(hostVars.keySet()); }

    Set<String> groupNames() { return groups.keySet(); }

    /** Groups other than all and ungrouped, each with every host in it or in its descendants, in host order. */
    Map<String, List<String>> groupMembers() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String g : groups.keySet()) {
            if (g.equals(ALL) || g.equals(UNGROUPED)) continue;
            Set<String> members = new LinkedHashSet<>();
            for (String sub : withDescendants(g)) members.addAll(groups.get(sub).hosts);
            out.put(g, hostVars.keySet().stream().filter(members::contains).toList());
        }
        return out;
    }

    /** Every group a host is in, directly or through a child group, `all` included. */
    Set<String> groupsOf(String host) {
        Set<String> out = new LinkedHashSet<>();
        out.add(ALL);
        for (String g : groups.keySet())
            if (withDescendants(g).stream().anyMatch(sub -> groups.get(sub).hosts.contains(host))) out.add(g);
        return out;
    }

    /** The host's variables as Ansible merges them. */
    Map<String, String> varsOf(String host) {
        List<String> ordered = new ArrayList<>(groupsOf(host));
        Map<String, Integer> depth = depths();
        ordered.sort(Comparator.<String>comparingInt(g -> depth.getOrDefault(g, 1))
                .thenComparingInt(this::priority).thenComparing(g -> g));
        Map<String, String> vars = new LinkedHashMap<>();
        for (String g : ordered) vars.putAll(groups.get(g).vars);
        for (String g : ordered) vars.putAll(groups.get(g).fileVars);
        vars.putAll(hostVars.get(host));
        vars.putAll(hostFileVars.getOrDefault(host, Map.of()));
        return vars;
    }

    private int priority(String group) {
        String p = groups.get(group).vars.get("ansible_group_priority");
        return p != null && p.strip().matches("-?\\d{1,9}") ? Integer.parseInt(p.strip()) : 1;
    }

    /** Each group's longest distance below `all` (every group without a parent is a child of all). */
    private Map<String, Integer> depths() {
        if (depths != null) return depths;
        Map<String, Integer> depth = new HashMap<>();
        depth.put(ALL, 0);
        Set<String> children = new LinkedHashSet<>();
        groups.forEach((name, g) -> { if (!name.equals(ALL)) children.addAll(g.children); });
        for (String g : groups.keySet())
            if (!g.equals(ALL) && !children.contains(g)) deepen(g, 1, depth);
        depths = depth;
        return depth;
    }

    private void deepen(String group, int d, Map<String, Integer> depth) {
        if (depth.getOrDefault(group, -1) >= d) return;
        depth.put(group, d);
        for (String child : groups.get(group).children) deepen(child, d + 1, depth);
    }

    private Set<String> withDescendants(String group) {
        Set<String> out = new LinkedHashSet<>();
        out.add(group);
        out.addAll(descendants(group));
        return out;
    }

    private Set<String> descendants(String group) {
        Set<String> known = descendants.get(group);
        if (known != null) return known;
        Set<String> out = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(groups.containsKey(group) ? groups.get(group).children : Set.of());
        while (!todo.isEmpty()) {
            String g = todo.remove(todo.size() - 1);
            if (out.add(g)) todo.addAll(groups.get(g).children);
        }
        descendants.put(group, out);
        return out;
    }
}
