package netshell.remote.plan;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one ping each probe sends, and its round trip read back from ping's output. */
public final class PingOutput {
    private static final Pattern TIME = Pattern.compile("time[=<]\\s*([0-9]+(?:\\.[0-9]+)?)\\s*ms");

    private PingOutput() {}

    /** One echo, numeric, waiting at most {@code timeoutSeconds}. */
    public static List<String> argv(String address, int timeoutSeconds) {
        return List.of("ping", "-n", "-c", "1", "-W", String.valueOf(timeoutSeconds), address);
    }

    /** One echo of {@code packet} bytes in all (IPv4 and ICMP headers take 28) that may not be fragmented. */
    public static List<String> dontFragmentArgv(String address, int packet, int timeoutSeconds) {
        return List.of("ping", "-n", "-c", "1", "-W", String.valueOf(timeoutSeconds), "-M", "do", "-s",
                String.valueOf(packet - MtuSearch.HEADERS), address);
    }

    /** The reply's round trip in ms, or null when ping printed none. */
    public static Double rttMs(String stdout) {
        Matcher m = TIME.matcher(stdout);
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }
}
