package netshell.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Parses `ip -j netns list`, which prints nothing at all when there are no namespaces. */
public final class Netns {
    static final String COMMAND = "ip -j netns list";

    private Netns() {}

    public static List<String> parse(String ipJNetnsJson) {
        List<String> names = new ArrayList<>();
        for (Map<String, Object> o : KernelJson.objects(ipJNetnsJson, COMMAND)) {
            String name = KernelJson.string(o, "name");
            if (name != null) names.add(name);
        }
        return List.copyOf(names);
    }
}
