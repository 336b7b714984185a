package netshell.command;

import java.util.Map;

/** {@code time COMMAND…}: the command's own result, its wall time, and the time its commands took on each node. */
public record Timed(Object result, double millis, Map<String, Double> nodeMillis, String text)
        implements
            Displayable,
            OutcomeOf {
    public Timed {
        nodeMillis = Map.copyOf(nodeMillis);
    }

    @Override
    public Object data() {
        return Map.of("result", result == null ? "" : result, "millis", millis, "nodes", nodeMillis);
    }

    @Override
    public Object inner() { return result; }
}
