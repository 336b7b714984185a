package netshell.overlay.plan;

import netshell.addr.math.Cidr;
import netshell.addr.math.Ipv6Block;
import netshell.core.BadInput;
import netshell.kernel.IfName;

/**
 * A "container" realised as a network namespace with one veth (eth0) into the node's overlay bridge; {@code mac} is
 * eth0's MAC when the mesh must know it in advance (a static mesh), else null (the kernel picks one). On a
 * dual-stack overlay it also has an IPv6 address ({@code address6Cidr}, with the prefix's length) and IPv6 gateway;
 * both are null otherwise.
 */
public record ContainerSpec(String name, String addressCidr, String gateway, String bridge, int mtu, String mac,
        String address6Cidr, String gateway6) {
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
        if ((address6Cidr == null) != (gateway6 == null))
            throw new BadInput("container " + name + " needs both an IPv6 address and an IPv6 gateway, or neither");
        if (address6Cidr != null) {
            Ipv6Block address6 = Ipv6Block.parse(address6Cidr);
            gateway6 = Ipv6Block.canonical(gateway6);
            if (!address6.containsAddress(gateway6))
                throw new BadInput("IPv6 gateway " + gateway6 + " is not in " + name + "'s prefix " + address6Cidr);
            if (address6.address().equals(gateway6))
                throw new BadInput("container " + name + " cannot be its own IPv6 gateway");
        }
    }

    /** An IPv4-only container. */
    public ContainerSpec(String name, String addressCidr, String gateway, String bridge, int mtu) {
        this(name, addressCidr, gateway, bridge, mtu, null);
    }

    /** An IPv4-only container with its MAC given ({@code mac}, or null). */
    public ContainerSpec(String name, String addressCidr, String gateway, String bridge, int mtu, String mac) {
        this(name, addressCidr, gateway, bridge, mtu, mac, null, null);
    }

    public boolean dualStack() { return address6Cidr != null; }
}
