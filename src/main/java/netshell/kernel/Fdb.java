package netshell.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Parses `bridge -j fdb`. */
public final class Fdb {
    static final String COMMAND = "bridge -j fdb";

    private Fdb() {}

    public static List<FdbEntry> parse(String bridgeJFdbJson) {
        List<FdbEntry> out = new ArrayList<>();
        for (Map<String, Object> o : KernelJson.objects(bridgeJFdbJson, COMMAND)) {
            out.add(new FdbEntry(KernelJson.string(o, "mac"), KernelJson.string(o, "ifname"),
                    KernelJson.string(o, "dst"), KernelJson.string(o, "master"), KernelJson.strings(o, "flags"),
                    KernelJson.string(o, "state")));
        }
        return List.copyOf(out);
    }
}
