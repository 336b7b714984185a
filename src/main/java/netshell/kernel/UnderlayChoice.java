package netshell.kernel;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which interface of a node carries the underlay (the VXLAN's outer packets):
 * <ol>
 *   <li>the interface holding the address the node is reached at;</li>
 *   <li>reached through a port forward (Vagrant's ssh-config says 127.0.0.1:2222): the one interface beside
 *       the default route's (Vagrant's private network next to its NAT interface);</li>
 *   <li>else the default route's interface.</li>
 * </ol>
 * Bridges, VXLAN devices and veths that overlays and containers add are never the underlay.
 */
public final class UnderlayChoice {
    private UnderlayChoice() {}

    private static final Pattern NOT_UNDERLAY = Pattern
            .compile("lo|docker\\d*|br-.*|nsbr.*|vxlan.*|veth.*|vn.*|virbr.*|cni.*|flannel.*");

    public static String choose(List<IfAddress> addresses, String reachAddress, String defaultRouteDevice) {
        boolean forwarded = reachAddress == null || reachAddress.isEmpty() || reachAddress.startsWith("127.");
        for (IfAddress a : addresses) {
            if (!forwarded && a.local().equals(reachAddress)) return a.ifname();
        }
        if (forwarded) {
            Set<String> candidates = new LinkedHashSet<>();
            for (IfAddress a : addresses) {
                if (a.ipv4() && !NOT_UNDERLAY.matcher(a.ifname()).matches()) candidates.add(a.ifname());
            }
            candidates.remove(defaultRouteDevice);
            if (candidates.size() == 1) return candidates.iterator().next();
        }
        return defaultRouteDevice;
    }
}
