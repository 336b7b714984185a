package netshell.overlay.plan;

import java.util.Objects;

import netshell.addr.math.Cidr;
import netshell.addr.math.Ipv6Block;

/**
 * A node of the overlay: its underlay, and the host address (with the subnet's prefix) its bridge carries; on a
 * dual-stack overlay also the IPv6 host address with the IPv6 prefix's length ({@code hostCidr6}, else null).
 */
public record OverlayMember(NodeUnderlay underlay, String hostCidr, String hostCidr6) {
    public OverlayMember {
        Objects.requireNonNull(underlay, "underlay");
        Cidr.parseSetting(hostCidr, "host address of " + underlay.node());
        if (hostCidr6 != null) Ipv6Block.parse(hostCidr6);
    }

    /** An IPv4-only member. */
    public OverlayMember(NodeUnderlay underlay, String hostCidr) {
        this(underlay, hostCidr, null);
    }

    public boolean dualStack() { return hostCidr6 != null; }
}
