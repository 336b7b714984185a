package netshell.node;

import java.util.List;

import netshell.kernel.Addresses;
import netshell.kernel.IfAddress;
import netshell.kernel.Routes;
import netshell.kernel.UnderlayChoice;

/**
 * The one way a node's underlay interface is found when none is configured: the interface that holds
 * the node's address, else the interface of the default route. Nodes call it once and keep the answer.
 */
public final class UnderlayLookup {
    private UnderlayLookup() {}

    /** The detected interface, or null when the node cannot be read or shows neither. */
    public static String detect(Node node) {
        try {
            ExecResult addrs = node.run("ip", "-j", "-4", "addr");
            List<IfAddress> addresses = addrs.ok() ? Addresses.parse(addrs.stdout()) : List.of();
            ExecResult routes = node.run("ip", "-j", "-4", "route", "show", "default");
            String defaultDevice = routes.ok() ? Routes.defaultDevice(routes.stdout()) : null;
            return UnderlayChoice.choose(addresses, node.address(), defaultDevice);
        } catch (RuntimeException e) {
            return null; // unreachable node or unreadable output: unknown, and callers say what to give instead
        }
    }
}
