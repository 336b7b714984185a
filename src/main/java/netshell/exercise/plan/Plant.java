package netshell.exercise.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A fault the exercise plants: its kind from the catalogue, the node, and the fault's own options. */
public record Plant(String kind, String on, Map<String, String> options) {
    public Plant {
        options = new TreeMap<>(options);
    }

    /** The command that plants it: {@code fault inject mtu --on node2 --mtu 1400}. */
    public List<String> words() {
        List<String> out = new ArrayList<>(List.of("fault", "inject", kind));
        if (on != null) out.addAll(List.of("--on", on));
        options.forEach((k, v) -> out.addAll(List.of("--" + k, v)));
        return out;
    }
}
