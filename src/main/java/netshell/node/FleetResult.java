package netshell.node;

import java.util.List;

/** Per-node outcomes of a fan-out, in the order the nodes were given. */
public record FleetResult<T>(List<Outcome<T>> outcomes) {
    public FleetResult {
        outcomes = List.copyOf(outcomes);
    }

    public boolean allOk() { return outcomes.stream().allMatch(Outcome::ok); }

    public List<String> failedNodes() {
        return outcomes.stream().filter(o -> !o.ok()).map(Outcome::node).toList();
    }

    public Outcome<T> of(String node) {
        return outcomes.stream().filter(o -> o.node().equals(node)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no outcome for " + node));
    }
}
