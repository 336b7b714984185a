package netshell.capture;

import java.util.List;

import netshell.command.LiveSource;
import netshell.command.NodeStates;
import netshell.kernel.Link;
import netshell.kernel.Links;

/** What tcpdump completes from the nodes: their interfaces, and "vxlan" for the decoded capture. */
final class CaptureCompletions {
    private CaptureCompletions() {}

    static final LiveSource IFACE = LiveSource.reading("iface", List.of(NodeStates.LINKS),
            (r, ctx, node) -> r.get(0).ok()
                    ? Links.parse(r.get(0).stdout()).stream().map(Link::name).toList()
                    : List.of());

    static final LiveSource CAPTURE = LiveSource.union("capture", List.of("vxlan"), "iface");
}
