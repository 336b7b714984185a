package netshell.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a change will run: ordered steps per node name. Pure data, built by planners in this package. */
public final class Plan {
    private final Map<String, List<Step>> steps = new LinkedHashMap<>();

    public Plan add(String node, Step step) {
        steps.computeIfAbsent(node, n -> new ArrayList<>()).add(step);
        return this;
    }

    public Plan addAll(String node, List<Step> more) {
        more.forEach(s -> add(node, s));
        return this;
    }

    public List<Step> stepsFor(String node) {
        return Collections.unmodifiableList(steps.getOrDefault(node, List.of()));
    }

    public Map<String, List<Step>> byNode() {
        Map<String, List<Step>> copy = new LinkedHashMap<>();
        steps.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(copy);
    }

    public boolean isEmpty() { return steps.values().stream().allMatch(List::isEmpty); }

    @Override
    public boolean equals(Object o) { return o instanceof Plan p && p.steps.equals(steps); }
    @Override
    public int hashCode() { return steps.hashCode(); }
    @Override
    public String toString() { return "Plan" + steps; }
}
