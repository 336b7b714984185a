package netshell.fault.plan;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import netshell.core.BadInput;
import netshell.core.Suggest;

/** The catalogue: each fault, the doctor check that finds it, and what it breaks, in words for teachers. */
public enum FaultKind {
    MTU("mtu", "mtu"), RP_FILTER("rp-filter", "rp-filter"), FIREWALL_VXLAN("firewall-vxlan",
            "firewall-vxlan"), FDB_MISSING("fdb-missing", "fdb"), WRONG_VNI("wrong-vni", "vxlan-agree"), IP_FORWARD(
                    "ip-forward", "ip_forward"), CONNTRACK_FULL("conntrack-full", "conntrack-full"), VXLAN_PORT_CLASH(
                            "vxlan-port-clash", "vxlan-port-clash"), VTEP_MAC("vtep-mac", "vtep-mac"), MIXED_BACKENDS(
                                    "mixed-backends", "mixed-backends"), LINK_DOWN("link-down",
                                            "vxlan-up"), LOSS("loss", "loss"), BACKEND_DEAD("backend-dead",
                                                    "lb-backends"), ROUTE_LOCALNET("route-localnet", "route-localnet");

    private final String id;
    private final String check;

    FaultKind(String id, String check) {
        this.id = id;
        this.check = check;
    }

    /** The name {@code fault inject} takes. */
    public String id() { return id; }

    /** The doctor check that reports this fault. */
    public String check() { return check; }

    /** What it breaks, in words. */
    public String breaks() {
        return switch (this) {
            case MTU -> "one end of the tunnel gets a smaller VXLAN MTU than the other (1400 against 1450; the kernel"
                    + " refuses one bigger than the underlay allows): pings pass, full-size frames bridged into it are"
                    + " dropped silently (a PMTUD black hole)";
            case RP_FILTER -> "rp_filter=1 (strict) on conf/all and the VXLAN device (the kernel takes the larger of"
                    + " the two): packets whose way back leaves by another device are dropped without a trace";
            case FIREWALL_VXLAN -> "an INPUT rule drops UDP to the VXLAN port, as a ufw or nft default-deny would: the"
                    + " underlay pings, the overlay is cut";
            case FDB_MISSING -> "a peer's flood entry (00:00:00:00:00:00 dst PEER) is deleted: ARP never reaches that"
                    + " peer, so its containers are unreachable";
            case WRONG_VNI -> "the VXLAN device is recreated with another VNI: the peers' packets are dropped on"
                    + " arrival, as another agent's VNI would be";
            case IP_FORWARD -> "net.ipv4.ip_forward=0: routed container traffic and DNATed VIP traffic stop at the"
                    + " node";
            case CONNTRACK_FULL -> "net.netfilter.nf_conntrack_max is lowered to the entries already there: every new"
                    + " flow is dropped (a network namespace shares the host's limit, so lab nodes refuse it)";
            case VXLAN_PORT_CLASH -> "a second VXLAN device, in external mode, on the same UDP port: whichever comes up"
                    + " first holds the port, the other fails with 'Address already in use'";
            case VTEP_MAC -> "the VXLAN device's MAC changes under peers that hold it in static FDB entries (a static"
                    + " mesh, flannel's way): their frames go to a MAC nobody owns";
            case MIXED_BACKENDS -> "a DROP of the VXLAN port in the other iptables back end (iptables-legacy beside"
                    + " nf_tables): it filters packets, but plain 'iptables -S' never shows it";
            case LINK_DOWN -> "an overlay device (the VXLAN device, or --link) is set down, as Mininet's 'link down'"
                    + " does (a bridge set down is reported by the bridge check)";
            case LOSS -> "a share of the VXLAN packets arriving on the underlay (20 % by default) is dropped at random"
                    + " by an iptables statistic match: this kernel has no netem";
            case BACKEND_DEAD -> "a VIP's backend container stops answering (its host-side veth set down): the load"
                    + " balancer still sends it its share";
            case ROUTE_LOCALNET -> "net.ipv4.conf.all.route_localnet=1: 127.0.0.0/8 becomes routable, so a localhost"
                    + " DNAT exposes services bound to 127.0.0.1 (CVE-2020-8558)";
        };
    }

    public static List<String> ids() { return Arrays.stream(values()).map(FaultKind::id).toList(); }

    public static Optional<FaultKind> find(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }

    /** The kind named {@code id}, or one line naming the closest one. */
    public static FaultKind of(String id) {
        return find(id).orElseThrow(() -> new BadInput("fault: no fault '" + id + "'" + Suggest.didYouMean(id, ids())
                + "; 'fault ls --describe' lists them"));
    }
}
