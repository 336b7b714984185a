package netshell.command;

import netshell.kernel.IfName;
import netshell.kernel.IfAddress;
import netshell.kernel.Link;
import netshell.kernel.NodeState;
import netshell.overlay.plan.NodeUnderlay;
import netshell.node.Fleet;
import netshell.node.Node;

/** Where a node's overlay traffic leaves: its underlay device, that device's address and MTU, from the node's state. */
public final class Underlays {
    /** A dry-run node reports no devices; plans for it assume an Ethernet MTU. */
    private static final int ASSUMED_MTU = 1500;

    private Underlays() {}

    /** {@code dev} overrides the node's known underlay device (then its first IPv4 address is the VTEP address). */
    public static NodeUnderlay of(Node node, NodeState state, String dev) {
        String device = dev != null ? IfName.check(dev, "underlay device") : node.underlay();
        if (device == null) device = Fleet.detectUnderlay(node);
        if (device == null) throw new CommandFailed(node.name() + ": cannot tell its underlay device; give --dev IFACE");
        Link link = state.link(device).orElse(null);
        boolean dryRun = "dry-run".equals(node.transport());
        if (link == null && !dryRun) throw new CommandFailed(node.name() + " has no device " + device + " (nothing was changed)");
        String address = dryRun ? node.address() : address(node, state, device);
        if (address == null) throw new CommandFailed(node.name() + ": " + device + " has no IPv4 address to send VXLAN from");
        if (address == null || address.isEmpty()) throw new CommandFailed(node.name() + ": its underlay address is unknown");
        return new NodeUnderlay(node.name(), address, device, link == null ? ASSUMED_MTU : link.mtu());
    }

    /**
     * The node's address on its underlay device: the one it is reached at when the device holds it; otherwise
     * (--dev, or a node reached through a port forward such as Vagrant's 127.0.0.1:2222) the device's own
     * first IPv4 address; null when the device has none.
     */
    public static String address(Node node, NodeState state, String device) {
        var onDevice = state.ipv4Of(device).stream().map(IfAddress::local).toList();
        if (onDevice.contains(node.address())) return node.address();
        return onDevice.isEmpty() ? null : onDevice.get(0);
    }
}
