package netshell.command;

import java.util.Map;

/** {@code time COMMAND…}: the command's own result followed by how long it took. */
public record Timed(Object result, double millis, String text) implements Displayable, CommandOutcome {
    @Override
    public Object data() { return Map.of("result", result == null ? "" : result, "millis", millis); }

    @Override
    public boolean failed() { return result instanceof CommandOutcome o && o.failed(); }

    @Override
    public String failureSummary() { return result instanceof CommandOutcome o ? o.failureSummary() : ""; }

}
