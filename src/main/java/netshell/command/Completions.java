package netshell.command;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Named sources of completion values ("node", "iface", "vip"…). Sources must answer from memory:
 * whoever registers one keeps its cache fresh in the background, so a Tab never waits on a node.
 */
public final class Completions {
    private final Map<String, Supplier<List<String>>> sources = new ConcurrentHashMap<>();

    public void register(String name, Supplier<List<String>> source) {
        sources.put(name, source);
    }

    public List<String> values(String name) {
        Supplier<List<String>> s = sources.get(name);
        if (s == null) return List.of();
        try {
            List<String> v = s.get();
            return v == null ? List.of() : v;
        } catch (RuntimeException e) {
            return List.of(); // a broken source must never break the prompt
        }
    }
}
