package netshell.node;

import java.time.Duration;

/** What a task did on one node: its value, or the error that stopped it. */
public record Outcome<T>(String node, T value, String error, Throwable exception, Duration duration) {
    public static <T> Outcome<T> ok(String node, T value, Duration duration) {
        return new Outcome<>(node, value, null, null, duration);
    }

    public static <T> Outcome<T> failed(String node, Throwable exception, Duration duration) {
        String message = exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage();
        return new Outcome<>(node, null, message, exception, duration);
    }

    public static <T> Outcome<T> cancelled(String node, Duration duration) {
        return new Outcome<>(node, null, "cancelled", null, duration);
    }

    public boolean ok() { return error == null; }
}
