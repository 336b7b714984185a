package netshell.overlay.plan;

import java.util.Objects;

import netshell.addr.math.Cidr;

/** A node of the overlay: its underlay, and the host address (with the subnet's prefix) its bridge carries. */
public record OverlayMember(NodeUnderlay underlay, String hostCidr) {
    public OverlayMember {
        Objects.requireNonNull(underlay, "underlay");
        Cidr.parseSetting(hostCidr, "host address of " + underlay.node());
    }
}
