package netshell.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The one place test timeouts come from. A timeout is given for an idle machine and stretched by the machine's
 * load: base × load/cores (the 1-minute load average of /proc/loadavg), never less than 1× and at most
 * {@value #MAX_SCALE}×. The system property {@code netshell.test.timeoutScale} sets the factor instead.
 */
public final class TestTimeouts {
    public static final double MAX_SCALE = 4;
    public static final String PROPERTY = "netshell.test.timeoutScale";

    private TestTimeouts() {}

    /** {@code base} stretched by the current load. */
    public static Duration scaled(Duration base) {
        return Duration.ofMillis(Math.round(base.toMillis() * scale()));
    }

    public static Duration scaled(long baseMillis) { return scaled(Duration.ofMillis(baseMillis)); }

    public static long scaledMillis(long baseMillis) { return scaled(baseMillis).toMillis(); }

    /** The factor: the property if set, else load per core between 1 and MAX_SCALE. */
    public static double scale() {
        String forced = System.getProperty(PROPERTY);
        if (forced != null && !forced.isBlank()) return Double.parseDouble(forced.strip());
        return Math.min(MAX_SCALE, Math.max(1, loadPerCore()));
    }

    static double loadPerCore() {
        try {
            String first = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+")[0];
            return Double.parseDouble(first) / Runtime.getRuntime().availableProcessors();
        } catch (IOException | RuntimeException e) {
            return 1; // no /proc/loadavg: the timeouts as written
        }
    }
}
