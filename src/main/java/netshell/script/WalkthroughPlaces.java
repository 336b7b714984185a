package netshell.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import netshell.addr.math.Cidr;
import netshell.command.DataView;

/**
 * What a walkthrough finds before it builds: the containers, VIPs and overlays it means to make may already be
 * there, made by hand or by another walkthrough in the same lab. It keeps what fits, and says what it replaces
 * before it replaces it, rather than trampling a user's work in silence.
 */
final class WalkthroughPlaces {
    private final ScriptHost host;

    WalkthroughPlaces(ScriptHost host) {
        this.host = host;
    }

    /** Container {@code name} on {@code node}: kept when it is there, else made (replacing one elsewhere). */
    void container(String name, String node, String text) {
        Map<?, ?> found = rows(host.call(List.of("container", "ls"))).stream()
                .filter(r -> name.equals(r.get("name"))).findFirst().orElse(null);
        String address = found == null ? "" : String.valueOf(found.get("address")).replaceFirst("/.*", "");
        if (found != null && node.equals(found.get("node"))) {
            String range = rangeHolding(node, address);
            if (range != null) {
                host.say(name + " is on " + node + " already: kept as it is.");
                return;
            }
            // An overlay planned anew for more nodes gives this node another range: the old address may be
            // another node's now, and the container made there would get the same one.
            host.say(name + " is on " + node + " at " + address + ", outside the node's container range now: it is"
                    + " made anew (container rm " + name + ").");
            host.call(List.of("container", "rm", name));
        } else if (found != null) {
            host.say(name + " is on " + found.get("node") + ", not where this walkthrough puts it: it is replaced by "
                    + "one on " + node + " (container rm " + name + ").");
            host.call(List.of("container", "rm", name));
        }
        List<String> run = new ArrayList<>(List.of("container", "run", name, "--on", node));
        if (text != null) run.addAll(List.of("--text", text));
        host.call(run);
    }

    /** The container range of an overlay on {@code node} that holds {@code address}, or null. */
    private String rangeHolding(String node, String address) {
        for (Map<?, ?> r : overlayRows(List.of(node))) {
            Object range = r.get("containerRange");
            if (!node.equals(r.get("node")) || range == null) continue;
            try {
                if (Cidr.parse(String.valueOf(range)).contains(address)) return String.valueOf(range);
            } catch (RuntimeException notIpv4) {
                // a range this check cannot read keeps the container, as before
                return String.valueOf(range);
            }
        }
        return null;
    }

    /**
     * The VIP over {@code backends} (ADDR:PORT) on {@code node}; a VIP already there with other backends (or on other
     * nodes) is named with what it had before lb add-vip replaces it.
     */
    Object vip(String vip, String node, List<String> backends) {
        List<Map<?, ?>> rows = rows(host.call(List.of("lb", "show"))).stream()
                .filter(r -> String.valueOf(r.get("service")).startsWith(vip + "/")).toList();
        TreeSet<String> had = new TreeSet<>();
        TreeSet<String> where = new TreeSet<>();
        rows.forEach(r -> {
            had.add(String.valueOf(r.get("backend")));
            where.add(String.valueOf(r.get("node")));
        });
        if (!rows.isEmpty() && (!had.equals(new TreeSet<>(backends)) || !where.equals(new TreeSet<>(List.of(node))))) {
            host.say("The VIP " + vip + " is there already, on " + String.join(", ", where) + " over "
                    + String.join(", ", had) + ": this walkthrough replaces it with " + String.join(", ", backends)
                    + " on " + node + ".");
        }
        List<String> add = new ArrayList<>(List.of("lb", "add-vip", vip, "--on", node));
        backends.forEach(b -> add.addAll(List.of("--backend", b)));
        return host.call(add);
    }

    /** The bridge of an overlay with this VNI on any of the nodes, or null. */
    String overlayBridge(int vni, List<String> nodes) {
        return overlayRows(nodes).stream().filter(r -> Objects.equals(r.get("vni"), vni))
                .map(r -> String.valueOf(r.get("bridge"))).findFirst().orElse(null);
    }

    /** overlay show's rows (one per node and overlay) on {@code nodes}; its result also holds warnings. */
    private List<Map<?, ?>> overlayRows(List<String> nodes) {
        Object shown = DataView.of(host.call(List.of("overlay", "show", "--on", String.join(",", nodes))));
        return rows(shown instanceof Map<?, ?> m ? m.get("nodes") : List.of());
    }

    private static List<Map<?, ?>> rows(Object result) {
        List<Map<?, ?>> out = new ArrayList<>();
        if (DataView.of(result) instanceof List<?> list) {
            for (Object o : list) if (o instanceof Map<?, ?> m) out.add(m);
        }
        return out;
    }
}
