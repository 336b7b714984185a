package netshell.link.plan;

import java.util.regex.Pattern;

import netshell.core.BadInput;

/**
 * One end of a link: a node and one of its interfaces, written {@code node1:eth1}. The interface name reaches tc,
 * ip and nftables (a chain is named after it), so it is held to plain characters.
 *
 * @param node  the node's name
 * @param iface the interface on that node
 */
public record Endpoint(String node, String iface) {
    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern IFACE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}");

    public Endpoint {
        if (!NODE.matcher(node).matches()) throw new BadInput("'" + node + "' is not a node name");
        if (!IFACE.matcher(iface).matches())
            throw new BadInput("'" + iface + "' is not an interface name netshell can impair (letters, digits,"
                    + " '_', '.', '-'; at most 15)");
    }

    /** {@code node1:eth1}; anything else is one line saying what was expected. */
    public static Endpoint parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1 || text.indexOf(':', colon + 1) >= 0)
            throw new BadInput("'" + text + "' is not NODE:IFACE (like node1:eth1)");
        return new Endpoint(text.substring(0, colon), text.substring(colon + 1));
    }

    /** Whether a word names this end: its node, or node:iface. */
    boolean named(String word) {
        return word.equals(node) || word.equals(toString());
    }

    @Override
    public String toString() { return node + ":" + iface; }
}
