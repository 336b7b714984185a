package netshell.kernel;

import java.util.List;
import java.util.Map;

/** Parses {@code ip -j route show default} and {@code ip -j route get ADDR}: the device a route leaves by. */
public final class Routes {
    private Routes() {}

    /** The device of the first default route that names one; null when there is none. */
    public static String defaultDevice(String json) {
        for (Map<String, Object> route : KernelJson.objects(json, "ip -j route show default")) {
            String dev = KernelJson.string(route, "dev");
            if (dev != null) return dev;
        }
        return null;
    }

    /** The device of {@code ip -j route get ADDR}'s answer: where a packet to ADDR leaves; null when none. */
    public static String deviceTowards(String json) {
        for (Map<String, Object> route : KernelJson.objects(json, "ip -j route get")) {
            String dev = KernelJson.string(route, "dev");
            if (dev != null) return dev;
        }
        return null;
    }
}
