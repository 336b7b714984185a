package netshell.trace.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import netshell.core.IpFamily;
import netshell.kernel.IfAddress;
import netshell.kernel.Link;

/**
 * Where things are among the namespaces a trace read, for the simulator: who holds an address, who answers ARP or
 * neighbour solicitation on a link layer (across veths, bridges and VXLAN segments), who has a MAC, a veth's other
 * end, a node's underlay address and its VXLAN's family.
 */
final class Namespaces {
    private final List<Box> boxes;

    Namespaces(List<Box> boxes) { this.boxes = List.copyOf(boxes); }

    /** A namespace and its device. */
    record Owner(Box box, Link link) {}

    /** A veth's other end: its namespace and device. */
    record Peer(Box box, Link link) {}

    /** The namespace and device that hold an address (loopback left out), nodes before containers. */
    Owner ownerOf(String address) {
        for (Box b : boxes) {
            String dev = b.deviceOf(address);
            if (dev != null && !dev.equals("lo")) {
                Link l = b.link(dev).orElse(null);
                if (l != null && l.mac() != null) return new Owner(b, l);
            }
        }
        return null;
    }

    /**
     * Who answers an ARP request for {@code address} sent out of {@code out}: a namespace on the same link layer
     * (across veths, bridges and VXLAN segments of the same VNI) that holds the address on any device (Linux answers
     * with arp_ignore=0), with the MAC of its device on that link layer.
     */
    Owner arpAnswer(Box from, Link out, String address) {
        if (out == null) return Ip.linkLocal(address) ? null : ownerOf(address);
        List<Owner> seen = new ArrayList<>();
        List<Owner> endpoints = new ArrayList<>();
        IpFamily family = Ip.family(address);
        segment(from, out, seen, endpoints, family);
        Owner holder = null;
        for (Owner e : endpoints) {
            if (e.box == from || !e.box.holds(address)) continue;
            boolean onThisLink = family == IpFamily.V4
                    ? address.equals(e.box.addressOn(e.link.name()))
                    : e.box.addressesOf(e.link.name(), family).stream().anyMatch(a -> a.local().equals(address));
            if (onThisLink) return e;
            // An IPv6 address answers neighbour solicitations only on the link it is on (no arp_ignore=0 there).
            if (holder == null && family == IpFamily.V4) holder = e;
        }
        return holder;
    }

    /** Collects the devices that take IP packets on the link layer of {@code l} (bridges, veth ends, wires). */
    private void segment(Box b, Link l, List<Owner> seen, List<Owner> endpoints, IpFamily family) {
        if (seen.stream().anyMatch(o -> o.box == b && o.link == l) || seen.size() > 4096) return;
        Owner here = new Owner(b, l);
        seen.add(here);
        if ("bridge".equals(l.kind())) {
            endpoints.add(here);
            for (Link port : b.links()) if (l.name().equals(port.master())) segment(b, port, seen, endpoints, family);
            return;
        }
        if (l.master() != null) b.link(l.master()).ifPresent(br -> segment(b, br, seen, endpoints, family));
        else
            endpoints.add(here);
        if (l.isVxlan()) {
            for (Box x : boxes) {
                if (x.container() || x == b) continue;
                for (Link y : x.links()) {
                    if (y.isVxlan() && l.vni() != null && l.vni().equals(y.vni()))
                        segment(x, y, seen, endpoints, family);
                }
            }
            return;
        }
        Optional<Peer> peer = peerOf(b, l);
        if (peer.isPresent()) {
            segment(peer.get().box, peer.get().link, seen, endpoints, family);
            return;
        }
        // A wire without a peer read (a lab node's underlay, a real NIC): the nodes with an address on its subnet
        // (IPv6: a routable one, since every link has fe80::/64).
        List<IfAddress> own = family == IpFamily.V4
                ? b.addressesOf(l.name())
                : b.addressesOf(l.name(), family).stream().filter(IfAddress::ipv6Routable).toList();
        for (IfAddress a : own) {
            for (Box x : boxes) {
                if (x.container() || x == b) continue;
                for (IfAddress xa : x.addresses()) {
                    if (Ip.family(xa.local()) == family && Ip.contains(a.local() + "/" + a.prefixLen(), xa.local())) {
                        x.link(xa.ifname()).ifPresent(y -> segment(x, y, seen, endpoints, family));
                    }
                }
            }
        }
    }

    /** Who has a device with this MAC: a bridge before its ports (a bridge takes a port's MAC). */
    Owner ownerOfMac(String mac) {
        Owner found = null;
        for (Box b : boxes) {
            for (Link l : b.links()) {
                if (!mac.equalsIgnoreCase(l.mac())) continue;
                if ("bridge".equals(l.kind())) return new Owner(b, l);
                if (found == null) found = new Owner(b, l);
            }
        }
        return found;
    }

    Box nodeBox(String node) {
        return boxes.stream().filter(b -> !b.container() && b.name().equals(node)).findFirst().orElse(null);
    }

    static String underlayOf(Box node, IpFamily family) {
        return node.addresses().stream().filter(a -> (family == IpFamily.V4 ? a.ipv4() : a.ipv6Routable())
                && !a.ifname().equals("lo")).map(a -> a.local()).findFirst().orElse("?");
    }

    /** The family a VXLAN device's packets travel in: its local address's, else its FDB peers', else IPv4. */
    static IpFamily underlayFamily(Box node, Link vx) {
        if (vx.vxlanLocal() != null) return Ip.family(vx.vxlanLocal());
        return node.fdb().stream().filter(e -> vx.name().equals(e.ifname()) && e.dst() != null)
                .map(e -> Ip.family(e.dst())).findFirst().orElse(IpFamily.V4);
    }

    /** Who has the address but does not answer for it yet (duplicate address detection), as "web1 on node1: …". */
    String tentativeHolder(String address) {
        for (Box b : boxes) {
            String state = b.dad().get(address);
            if (state != null) return b.label() + " has it " + state;
        }
        return null;
    }

    /** A veth's other end: a device in another namespace read, whose ifindex and peer index cross-match. */
    Optional<Peer> peerOf(Box b, Link l) {
        Integer peerIndex = b.peers().get(l.name());
        if (peerIndex == null || !"veth".equals(l.kind())) return Optional.empty();
        Peer sameNode = null;
        Peer other = null;
        for (Box x : boxes) {
            if (x == b) continue;
            for (Link y : x.links()) {
                if (y.ifindex() == peerIndex && Integer.valueOf(l.ifindex()).equals(x.peers().get(y.name()))) {
                    if (x.node().equals(b.node())) sameNode = new Peer(x, y);
                    else if (other == null) other = new Peer(x, y);
                }
            }
        }
        return Optional.ofNullable(sameNode != null ? sameNode : other);
    }
}
