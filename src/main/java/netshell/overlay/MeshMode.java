package netshell.overlay;

import java.util.List;

import netshell.command.Args;
import netshell.command.Param;
import netshell.kernel.Link;
import netshell.kernel.NodeState;

/**
 * How a mesh finds its peers: "flood" (all-zeros entries per peer and learning: the default, and what the
 * walkthroughs show) or "static" (flannel's way for big meshes: learning off, one permanent FDB entry per peer MAC,
 * permanent neighbours for the peers' host addresses).
 */
final class MeshMode {
    private MeshMode() {}

    static List<Param> params() {
        return List.of(
                Param.option("learning", "on: flood entries and learning (default); off: static entries per peer MAC")
                        .choices("on", "off").defaultValue("on"),
                Param.flag("static", "same as --learning off: no flooding, for big meshes"));
    }

    /** Whether the mesh learns (flood mode). */
    static boolean learning(Args a) {
        return !(a.flag("static") || "off".equals(a.get("learning", "on")));
    }

    /** "static" for a device that does not learn and has per-peer entries, else "flood". */
    static String of(Link l, NodeState s) {
        return Boolean.FALSE.equals(l.learning()) && !s.staticDestinations(l.name()).isEmpty() ? "static" : "flood";
    }

    /** The peers' VTEP addresses the device sends to: flood destinations, or static entries' destinations. */
    static List<String> peers(Link l, NodeState s) {
        return "static".equals(of(l, s)) ? s.meshPeers(l.name()) : s.floodDestinations(l.name());
    }
}
