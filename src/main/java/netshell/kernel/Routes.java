package netshell.kernel;

import java.util.List;
import java.util.Map;

/** Parses {@code ip -j route show default}: the device of the first default route. */
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
}
