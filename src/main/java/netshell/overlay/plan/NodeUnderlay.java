package netshell.overlay.plan;

import netshell.addr.math.IpLiteral;
import netshell.core.BadInput;
import netshell.kernel.IfName;

/** Where a member node's VXLAN traffic leaves: its underlay address and device, and that device's MTU. */
public record NodeUnderlay(String node, String address, String dev, int mtu) {
    public NodeUnderlay {
        if (node == null || node.isBlank()) throw new BadInput("node name is empty");
        if (!IpLiteral.isIp(address))
            throw new BadInput("underlay address '" + address + "' of " + node + " is not an IP address");
        IfName.check(dev, "underlay device");
        int overhead = IpLiteral.isV4(address) ? VxlanPlanner.OVERHEAD_V4 : VxlanPlanner.OVERHEAD_V6;
        if (mtu - overhead < 68) {
            throw new BadInput(
                    "underlay MTU " + mtu + " of " + node + " leaves less than 68 bytes after VXLAN's " + overhead);
        }
    }

    public boolean ipv6() { return !IpLiteral.isV4(address); }

    /** The MTU of everything on the overlay: VXLAN costs 50 bytes over IPv4, 70 over IPv6. */
    public int overlayMtu() {
        return mtu - (IpLiteral.isV4(address) ? VxlanPlanner.OVERHEAD_V4 : VxlanPlanner.OVERHEAD_V6);
    }
}
