package netshell.doctor.checks;

import java.util.ArrayList;
import java.util.List;

import netshell.kernel.IfAddress;
import netshell.kernel.Link;

/**
 * IPv6 on a node: forwarding (net.ipv6.conf.all.forwarding, separate from IPv4's ip_forward) and addresses that
 * duplicate address detection holds back. Silent on nodes without IPv6 facts or without a global IPv6 address,
 * so IPv4-only labs read as before.
 */
final class Ipv6Checks {
    private Ipv6Checks() {}

    static List<Finding> forwarding(NodeFacts f) {
        if (f.ip6() == null || f.ip6().forwarding() == null || !hasGlobalIpv6(f)) return List.of();
        String node = f.node();
        if (f.ip6().forwarding().strip().equals("1"))
            return List.of(Finding.ok("ipv6_forwarding", node, "net.ipv6.conf.all.forwarding is 1"));
        String fix = Fix.of("sysctl", "-w", "net.ipv6.conf.all.forwarding=1");
        String why = "net.ipv6.conf.all.forwarding is " + f.ip6().forwarding().strip() + " on " + node
                + ": IPv6 packets not for this host are dropped (net.ipv4.ip_forward does not cover IPv6), so"
                + " DNATed IPv6 VIP traffic and routed IPv6 container traffic never leave it";
        return List.of(needsForwarding(f)
                ? Finding.fail("ipv6_forwarding", node, why, fix)
                : Finding.warn("ipv6_forwarding", node, why, fix));
    }

    static List<Finding> duplicateAddressDetection(NodeFacts f) {
        if (f.ip6() == null) return List.of();
        List<Finding> out = new ArrayList<>();
        for (String a : f.ip6().dadFailed()) {
            out.add(Finding.fail("ipv6_dad", f.node(), a + " failed duplicate address detection on " + f.node()
                    + ": another host on the link answered for it, so the kernel never uses it",
                    "give this node another address: " + Fix.of(del(a))));
        }
        for (String a : f.ip6().tentative()) {
            if (f.ip6().dadFailed().contains(a)) continue;
            out.add(Finding.warn("ipv6_dad", f.node(), a + " on " + f.node() + " is tentative: duplicate address"
                    + " detection is still running (about a second), and until it ends nothing can be sent from it"
                    + " or to it",
                    "wait and run doctor again, or add addresses the plan owns with nodad: "
                            + Fix.of("ip", "addr", "replace", "ADDR/LEN", "dev", "IFACE", "nodad")));
        }
        return out;
    }

    /** "ADDR/LEN dev IFACE" → ip addr del ADDR/LEN dev IFACE. */
    private static String[] del(String addressOnDevice) {
        String[] parts = addressOnDevice.split(" dev ", 2);
        return parts.length == 2
                ? new String[]{"ip", "addr", "del", parts[0], "dev", parts[1]}
                : new String[]{"ip", "addr", "del", addressOnDevice};
    }

    /** IPv6 is routed here: an IPv6 VIP, or a global IPv6 address on a VXLAN device or one of our bridges. */
    private static boolean needsForwarding(NodeFacts f) {
        if (f.ip6().lb()) return true;
        if (f.state() == null) return false;
        for (Link l : f.state().links()) {
            if (!l.isVxlan() && !("bridge".equals(l.kind()) && l.ours())) continue;
            if (f.state().addressesOf(l.name()).stream().anyMatch(Ipv6Checks::global)) return true;
        }
        return false;
    }

    private static boolean hasGlobalIpv6(NodeFacts f) {
        return f.state() != null && f.state().addresses().stream().anyMatch(Ipv6Checks::global);
    }

    private static boolean global(IfAddress a) {
        String s = a.local().toLowerCase();
        return "inet6".equals(a.family()) && !s.equals("::1") && !s.startsWith("fe8") && !s.startsWith("fe9")
                && !s.startsWith("fea") && !s.startsWith("feb");
    }
}
