package netshell.doctor.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-node basics: the tools netshell drives, the right to change the kernel, and IPv4 forwarding. */
final class HostChecks {
    /** Tool → Debian/Ubuntu package, in the order they are reported. */
    static final Map<String, String> TOOLS = new LinkedHashMap<>();
    static {
        TOOLS.put("ip", "iproute2");
        TOOLS.put("bridge", "iproute2");
        TOOLS.put("iptables", "iptables");
        TOOLS.put("nft", "nftables");
        TOOLS.put("tcpdump", "tcpdump");
    }

    private HostChecks() {}

    static List<Finding> tools(NodeFacts f) {
        String node = f.node();
        if (f.tools() == null) return List.of(Finding.warn("tools", node, "could not list the tools on " + node, ""));
        List<String> missing = new ArrayList<>();
        for (String t : List.of("ip", "bridge", "tcpdump")) if (!f.tools().contains(t)) missing.add(t);
        boolean firewall = f.tools().contains("iptables") || f.tools().contains("nft");
        if (!firewall) missing.add("iptables");
        if (missing.isEmpty())
            return List.of(Finding.ok("tools", node, "ip, bridge, "
                    + (f.tools().contains("iptables") ? "iptables" : "nft") + " and tcpdump are installed"));
        List<String> packages = missing.stream().map(TOOLS::get).distinct().toList();
        String fix = Fix.line(concat(List.of("apt-get", "install", "-y"), packages));
        boolean onlyCapture = missing.equals(List.of("tcpdump"));
        String why = onlyCapture
                ? "tcpdump is missing on " + node + ": 'tcpdump vxlan' cannot capture there"
                : String.join(", ", missing) + " missing on " + node
                        + ": netshell cannot read or change its network with them gone";
        return List.of(onlyCapture ? Finding.warn("tools", node, why, fix) : Finding.fail("tools", node, why, fix));
    }

    static List<Finding> privileges(NodeFacts f) {
        String node = f.node();
        if (f.uid() == null)
            return List.of(Finding.warn("privileges", node, "could not read the user id on " + node, ""));
        if (f.uid() == 0) return List.of(Finding.ok("privileges", node, "commands run as root"));
        if (Boolean.TRUE.equals(f.sudo()))
            return List
                    .of(Finding.ok("privileges", node, "commands run as uid " + f.uid() + " with passwordless sudo"));
        return List.of(Finding.fail("privileges", node,
                "commands run as uid " + f.uid() + " without passwordless sudo: every change to links, FDB"
                        + " and iptables would be refused (Operation not permitted)",
                "echo \"$(id -un) ALL=(ALL) NOPASSWD: ALL\" | sudo tee /etc/sudoers.d/netshell"));
    }

    static List<Finding> forwarding(NodeFacts f, boolean needsForwarding) {
        String node = f.node();
        String fix = Fix.of("sysctl", "-w", "net.ipv4.ip_forward=1");
        if (f.ipForward() == null)
            return List.of(Finding.warn("ip_forward", node, "could not read net.ipv4.ip_forward on " + node, fix));
        if (f.ipForward().strip().equals("1"))
            return List.of(Finding.ok("ip_forward", node, "net.ipv4.ip_forward is 1"));
        String why = "net.ipv4.ip_forward is " + f.ipForward().strip() + " on " + node
                + ": the kernel drops every packet that is not for"
                + " this host itself, so DNATed load-balancer traffic and routed container traffic never leave it";
        return List.of(needsForwarding
                ? Finding.fail("ip_forward", node, why, fix)
                : Finding.warn("ip_forward", node, why, fix));
    }

    static List<Finding> underlay(NodeFacts f, Map<String, String> addressOfNode) {
        List<Finding> out = new ArrayList<>();
        List<String> reached = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : f.peerReach().entrySet()) {
            String peer = e.getKey();
            String address = addressOfNode.getOrDefault(peer, "?");
            if (e.getValue()) {
                reached.add(peer);
            } else {
                out.add(Finding.fail("underlay", f.node(),
                        f.node() + " gets no answer to a ping to " + peer + " at " + address
                                + ": VXLAN packets between them are lost, so nothing on the overlay gets across",
                        "check: " + Fix.of("ip", "route", "get", address) + " (the route must leave by "
                                + (f.underlay() == null ? "the underlay" : f.underlay())
                                + ", and no firewall may drop ICMP or UDP between the nodes)"));
            }
        }
        if (out.isEmpty() && !reached.isEmpty())
            out.add(Finding.ok("underlay", f.node(),
                    "reaches " + String.join(", ", reached.stream().sorted().toList())));
        return out;
    }

    static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
