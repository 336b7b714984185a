package netshell.command;

import java.util.Map;

/** {@code time COMMAND…}: the command's own result, its wall time, and the time its commands took on each node. */
public record Timed(Object result, double millis, Map<String, Double> nodeMillis, String text)
        implements
            Displayable,
            CommandOutcome {
    public Timed {
        nodeMillis = Map.copyOf(nodeMillis);
    }

    @Override
    public Object data() {
        return Map.of("result", result == null ? "" : result, "millis", millis, "nodes", nodeMillis);
    }

    @Override
    public boolean failed() { return result instanceof CommandOutcome o && o.failed(); }

    @Override
    public String failureSummary() { return result instanceof CommandOutcome o ? o.failureSummary() : ""; }
}
