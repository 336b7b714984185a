package netshell.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netshell.core.BadInput;

/** Parsed arguments of one verb, with typed accessors that reject bad values with one clear line. */
public final class Args {
    private final Map<String, List<String>> values;
    private final Map<String, Set<Integer>> quoted;

    Args(Map<String, List<String>> values, Map<String, Set<Integer>> quoted) {
        this.values = values;
        this.quoted = quoted;
    }

    public static Args of(Map<String, List<String>> values) {
        return new Args(new LinkedHashMap<>(values), Map.of());
    }

    /** The indexes, in all(name), of the values that were quoted as typed (node commands keep them as they are). */
    public Set<Integer> quoted(String name) {
        return Collections.unmodifiableSet(quoted.getOrDefault(name, Set.of()));
    }

    public boolean has(String name) { return values.containsKey(name); }

    public String get(String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
    }

    public String get(String name, String fallback) {
        String v = get(name);
        return v == null ? fallback : v;
    }

    public List<String> all(String name) {
        return Collections.unmodifiableList(values.getOrDefault(name, List.of()));
    }

    public boolean flag(String name) { return values.containsKey(name); }

    /** An integer within [min, max]; BadInput names the option and the range. */
    public Integer integer(String name, long min, long max) {
        String v = get(name);
        if (v == null) return null;
        return (int) parseBounded(name, v, min, max);
    }

    public int integer(String name, long min, long max, int fallback) {
        Integer v = integer(name, min, max);
        return v == null ? fallback : v;
    }

    public static long parseBounded(String what, String text, long min, long max) {
        String t = text.strip();
        if (!t.matches("-?[0-9]{1,18}")) throw new BadInput(what + ": '" + text + "' is not a whole number");
        long n = Long.parseLong(t);
        if (n < min || n > max) throw new BadInput(what + " must be " + min + ".." + max + ", not " + n);
        return n;
    }

    public Map<String, List<String>> asMap() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
        return copy;
    }
}
