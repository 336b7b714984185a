package netshell.overlay.plan;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import netshell.addr.math.Cidr;
import netshell.addr.math.IpLiteral;
import netshell.kernel.IfAddress;

/**
 * The MTU of the underlay path to a peer VTEP that sits behind a router: the node's own device says only what its first
 * hop carries. One ping of the device's full size with do-not-fragment tells the rest, as path MTU discovery does: a
 * router whose next link is smaller answers "Frag needed and DF set (mtu = N)", and the kernel, having kept N, says
 * "message too long, mtu=N" to the next try. A peer on the device's own subnet is one hop away and needs no probe.
 */
public final class PathMtu {
    /** IPv4 header (20) and ICMP echo header (8): ping's payload is the packet less these. */
    public static final int HEADERS = 28;

    private static final Pattern SAID = Pattern.compile("mtu ?= ?(\\d{2,5})");

    private PathMtu() {}

    /** Whether an IPv4 peer lies on one of the subnets of the node's underlay addresses (no router between). */
    public static boolean onLink(List<IfAddress> own, String peer) {
        if (!IpLiteral.isV4(peer)) return true;
        return own.stream().filter(IfAddress::ipv4).anyMatch(a -> Cidr.parse(a.cidr()).normalized().contains(peer));
    }

    /** The probe: one packet of the device's full size to the peer, with do-not-fragment. */
    public static List<String> probe(String peer, int deviceMtu) {
        return List.of("ping", "-M", "do", "-n", "-c", "1", "-W", "1", "-s", String.valueOf(deviceMtu - HEADERS),
                peer);
    }

    /** The smallest MTU the probe's output names (a router's answer or the kernel's cached one), null when none. */
    public static Integer said(String pingOutput) {
        Matcher m = SAID.matcher(pingOutput);
        Integer least = null;
        while (m.find()) {
            int mtu = Integer.parseInt(m.group(1));
            if (least == null || mtu < least) least = mtu;
        }
        return least;
    }
}
