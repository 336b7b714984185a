package netshell.link;

import java.util.List;

import netshell.command.LiveSource;
import netshell.command.NodeStates;
import netshell.kernel.Link;
import netshell.kernel.Links;

/** What {@code link} completes: its forms' words, and each node's interfaces as NODE:IFACE. */
final class LinkCompletions {
    private LinkCompletions() {}

    static final LiveSource END = LiveSource.reading("link-end", List.of(NodeStates.LINKS),
            (r, ctx, node) -> r.get(0).ok()
                    ? Links.parse(r.get(0).stdout()).stream().map(Link::name).filter(n -> !n.equals("lo"))
                            .map(n -> node.name() + ":" + n).toList()
                    : List.of());

    static final LiveSource WORD = LiveSource.union("link-word", List.of("show", "impair", "clear", "flap", "down",
            "up"), "link-end");
}
