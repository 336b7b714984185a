package netshell.link.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import netshell.kernel.KernelJson;
import netshell.kernel.Link;
import netshell.kernel.Links;

/**
 * One interface of a node as {@code ip -j -d link} shows it, with what tells a link's two ends apart: its index and
 * its peer's index (a veth's other end, in whichever namespace that is).
 *
 * @param name      the interface
 * @param ifindex   its index in its namespace
 * @param peerIndex the index of its peer (a veth's other end) in the peer's namespace, null when it has none
 * @param kind      veth, bridge, vxlan … (null for a plain device)
 * @param adminUp   set up
 * @param carrier   whether it has a carrier (its peer is up too)
 * @param mtu       its MTU
 */
public record Device(String name, int ifindex, Integer peerIndex, String kind, boolean adminUp, boolean carrier,
        int mtu) {

    /** The devices {@code ip -j -d link} printed. */
    public static List<Device> parse(String json) {
        Map<String, Integer> peers = new HashMap<>();
        for (Map<String, Object> o : KernelJson.objects(json, "ip -j -d link")) {
            String name = KernelJson.string(o, "ifname");
            Integer peer = KernelJson.integer(o, "link_index");
            if (name != null && peer != null) peers.put(name, peer);
        }
        List<Device> out = new ArrayList<>();
        for (Link l : Links.parse(json))
            out.add(new Device(l.name(), l.ifindex(), peers.get(l.name()), l.kind(), l.adminUp(),
                    "UP".equals(l.state()) || "UNKNOWN".equals(l.state()), l.mtu() == 0 ? 1500 : l.mtu()));
        return out;
    }

    /** "up", "down", or "no-carrier" (set up, but its other end is down). */
    public String state() {
        if (!adminUp) return "down";
        return carrier ? "up" : "no-carrier";
    }
}
