package netshell.lab.topo;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which lab node number each node name has: node i lives in namespace LAB-node i with 192.168.56.(9+i) on the lab
 * LAN. A lab made by {@code lab up --nodes N} names node i "nodeI"; one made from a file gives its linux nodes the
 * numbers 1, 2, … in file order; nodes added and removed live keep their numbers, so the placement is kept beside
 * the lab (one "NUMBER NAME" line each, {@link #text()}). A number without a name here is "nodeI".
 */
public record NodePlacement(SortedMap<Integer, String> names) {
    private static final Pattern DEFAULT_NAME = Pattern.compile("node(\\d{1,3})");

    public NodePlacement {
        names = new TreeMap<>(names);
    }

    public static NodePlacement none() { return new NodePlacement(new TreeMap<>()); }

    /** A lab just made from a topology: its linux nodes numbered from 1 in file order. */
    public static NodePlacement inFileOrder(Topology t) {
        SortedMap<Integer, String> names = new TreeMap<>();
        List<TopoNode> linux = t.linuxNodes();
        for (int i = 0; i < linux.size(); i++) names.put(i + 1, linux.get(i).name());
        return new NodePlacement(names);
    }

    /** Reads what {@link #text()} wrote; lines that are not "NUMBER NAME" are skipped. */
    public static NodePlacement parse(String text) {
        SortedMap<Integer, String> names = new TreeMap<>();
        for (String line : text.lines().toList()) {
            String[] w = line.strip().split("\\s+");
            if (w.length == 2 && w[0].matches("\\d{1,3}")) names.put(Integer.parseInt(w[0]), w[1]);
        }
        return new NodePlacement(names);
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        names.forEach((i, n) -> out.append(i).append(' ').append(n).append('\n'));
        return out.toString();
    }

    /** Node i's name: the one kept for it, else nodeI. */
    public String name(int index) {
        return names.getOrDefault(index, "node" + index);
    }

    /** The number of the node called {@code name} among the {@code existing} node numbers. */
    public OptionalInt index(String name, Collection<Integer> existing) {
        for (Map.Entry<Integer, String> e : names.entrySet()) {
            if (e.getValue().equals(name)) return OptionalInt.of(e.getKey());
        }
        Matcher m = DEFAULT_NAME.matcher(name);
        if (m.matches()) {
            int i = Integer.parseInt(m.group(1));
            if (existing.contains(i) && !names.containsKey(i)) return OptionalInt.of(i);
        }
        return OptionalInt.empty();
    }

    /** The number of a node named here (no check that it exists). */
    public OptionalInt index(String name) {
        return names.entrySet().stream().filter(e -> e.getValue().equals(name)).mapToInt(Map.Entry::getKey)
                .findFirst();
    }

    /**
     * The number a new node called {@code name} gets: K for a name nodeK whose number is free, else the smallest free
     * one; empty when all {@code max} are taken.
     */
    public OptionalInt free(String name, Collection<Integer> existing, int max) {
        Matcher m = DEFAULT_NAME.matcher(name);
        if (m.matches()) {
            int k = Integer.parseInt(m.group(1));
            if (k >= 1 && k <= max && !existing.contains(k) && !names.containsKey(k)) return OptionalInt.of(k);
        }
        for (int i = 1; i <= max; i++) {
            if (!existing.contains(i) && !names.containsKey(i)) return OptionalInt.of(i);
        }
        return OptionalInt.empty();
    }

    public NodePlacement with(int index, String name) {
        SortedMap<Integer, String> out = new TreeMap<>(names);
        out.put(index, name);
        return new NodePlacement(out);
    }

    public NodePlacement without(int index) {
        SortedMap<Integer, String> out = new TreeMap<>(names);
        out.remove(index);
        return new NodePlacement(out);
    }
}
