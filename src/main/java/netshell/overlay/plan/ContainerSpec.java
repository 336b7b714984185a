package netshell.overlay.plan;

import netshell.addr.math.Cidr;
import netshell.core.BadInput;
import netshell.kernel.IfName;

/**
 * A "container" realised as a network namespace with one veth (eth0) into the node's overlay bridge; {@code mac} is
 * eth0's MAC when the mesh must know it in advance (a static mesh), else null (the kernel picks one).
 */
public record ContainerSpec(String name, String addressCidr, String gateway, String bridge, int mtu, String mac) {
    public ContainerSpec(String name, String addressCidr, String gateway, String bridge, int mtu) {
        this(name, addressCidr, gateway, bridge, mtu, null);
    }

    public ContainerSpec {
        // netns names become files under /run/netns; keep them to a safe, shell-free alphabet
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new BadInput("container name '" + name + "' must be 1..64 of letters, digits, '_', '.', '-'");
        }
        Cidr address = Cidr.parseSetting(addressCidr, "address of container " + name);
        Cidr.checkAddress(gateway, "gateway of container " + name);
        if (!address.contains(gateway))
            throw new BadInput("gateway " + gateway + " is not in " + name + "'s subnet " + addressCidr);
        if (address.address().equals(gateway)) throw new BadInput("container " + name + " cannot be its own gateway");
        bridge = bridge == null ? OverlayPlanner.DEFAULT_BRIDGE : IfName.check(bridge, "bridge");
        if (mtu < 68 || mtu > 65535) throw new BadInput("MTU " + mtu + " is outside 68..65535");
    }
}
