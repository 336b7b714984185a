package netshell.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Parses `ip -j neigh`. */
public final class Neighbours {
    static final String COMMAND = "ip -j neigh";

    private Neighbours() {}

    public static List<Neighbour> parse(String ipJNeighJson) {
        List<Neighbour> out = new ArrayList<>();
        for (Map<String, Object> o : KernelJson.objects(ipJNeighJson, COMMAND)) {
            out.add(new Neighbour(KernelJson.string(o, "dst"), KernelJson.string(o, "dev"),
                    KernelJson.string(o, "lladdr"), KernelJson.strings(o, "state")));
        }
        return List.copyOf(out);
    }
}
