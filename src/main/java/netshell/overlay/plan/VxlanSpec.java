package netshell.overlay.plan;

import netshell.core.BadInput;
import netshell.kernel.IfName;

/** The overlay segment every member node gets: device name, VNI, UDP port and optionally the bridge it joins. */
public record VxlanSpec(String name, int vni, int port, String bridge) {
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

    public static VxlanSpec of(int vni) { return new VxlanSpec(null, vni, DEFAULT_PORT, null); }

    public VxlanSpec withBridge(String bridgeName) { return new VxlanSpec(name, vni, port, bridgeName); }
}
