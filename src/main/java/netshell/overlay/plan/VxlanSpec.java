package netshell.overlay.plan;

import inet.ipaddr.IPAddressString;

import netshell.core.BadInput;
import netshell.kernel.IfName;

/**
 * The overlay segment every member node gets: device name, VNI, UDP port, optionally the bridge it joins, and
 * whether peers are found by flooding and learning (the default) or programmed statically per peer MAC
 * ({@code learning} false, as flannel does: no all-zeros entries, no learning).
 */
public record VxlanSpec(String name, int vni, int port, String bridge, boolean learning) {
    public static final String DEFAULT_NAME = "vxlan0";
    /** IANA port; Linux defaults to 8472 when dstport is omitted, so we always pass it. */
    public static final int DEFAULT_PORT = 4789;
    public static final int MAX_VNI = 0xFFFFFF;

    public VxlanSpec {
        name = name == null ? DEFAULT_NAME : IfName.check(name, "vxlan device");
        if (vni < 1 || vni > MAX_VNI) throw new BadInput("VNI " + vni + " is outside 1.." + MAX_VNI);
        if (port < 1 || port > 65535) throw new BadInput("UDP port " + port + " is outside 1..65535");
        if (bridge != null) IfName.check(bridge, "bridge");
        if (name.equals(bridge)) throw new BadInput("vxlan device and bridge are both named '" + name + "'");
    }

    public VxlanSpec(String name, int vni, int port, String bridge) { this(name, vni, port, bridge, true); }

    public static VxlanSpec of(int vni) { return new VxlanSpec(null, vni, DEFAULT_PORT, null); }

    public VxlanSpec withBridge(String bridgeName) { return new VxlanSpec(name, vni, port, bridgeName, learning); }

    public VxlanSpec withLearning(boolean on) { return new VxlanSpec(name, vni, port, bridge, on); }

    /**
     * The MAC netshell gives a device of this segment in static mode, so that every node can program its peers'
     * MACs without asking them: locally administered 02, a tag (1 for the VXLAN device, 2 for the bridge), then
     * the last four bytes of the node's underlay address (all of an IPv4 one).
     */
    public static String staticMac(int tag, String underlayAddress) {
        byte[] bytes = new IPAddressString(underlayAddress).getAddress().getBytes();
        StringBuilder sb = new StringBuilder(String.format("02:%02x", tag));
        for (int i = bytes.length - 4; i < bytes.length; i++) sb.append(String.format(":%02x", bytes[i] & 0xff));
        return sb.toString();
    }
}
