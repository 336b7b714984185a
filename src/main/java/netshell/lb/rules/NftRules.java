package netshell.lb.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import netshell.core.Step;

/**
 * Load-balancer rules for nftables, in a table netshell owns outright ({@code table ip netshell}), dispatched the
 * way kube-proxy's nftables mode does it (KEP-3866): a new connection costs two map look-ups, whatever the number
 * of VIPs and backends.
 *
 * <ul>
 * <li>One verdict map {@code services}, keyed {@code ip daddr . meta l4proto . th dport}, jumps to the VIP's
 * chain {@code svc-HASH}.</li>
 * <li>That chain picks a backend with {@code numgen random mod N vmap { 0 : jump sep-HASH, … }}: uniform, so no
 * probability ladder is needed.</li>
 * <li>Each backend chain {@code sep-HASH} counts and DNATs (nat chains see a connection's first packet, so its
 * counter counts connections); its comment names service and backend: that is how services are read back
 * ({@link InstalledServices#fromNftJson}).</li>
 * <li>Set {@code vip_addrs} lets one postrouting rule masquerade and one forward rule accept DNATed VIP traffic.</li>
 * <li>Set {@code hairpin} (backend addresses) lets one postrouting rule before it give a backend's connection to its
 * VIP the VIP's address as source ({@link IptablesRules#hairpinAddresses} says why).</li>
 * </ul>
 *
 * <p>A first write replaces the table in one {@code nft -f} transaction. Later changes are element updates of the
 * same kind, also one transaction: a VIP comes and goes as a map element with its chains, a backend as a chain and
 * the one numgen rule of its service; the other services' chains, counters and conntrack entries are untouched.
 */
public final class NftRules {
    private NftRules() {}

    public static final String TABLE = "netshell";
    public static final String SERVICE_MAP = "services";
    public static final String VIP_SET = "vip_addrs";
    /** Backend addresses: a backend's connection to its VIP is source-NATed to the VIP. */
    public static final String HAIRPIN_SET = "hairpin";
    private static final String AT = " ip " + TABLE + " ";

    /** The whole table, defined anew in one transaction (delete and define: the kernel swaps them atomically). */
    public static String scriptFor(List<ServiceSpec> allServicesOnNode) {
        // One table per family: LbWriter passes one family's services.
        if (allServicesOnNode.get(0).isV6()) return scriptFor6(allServicesOnNode);
        List<ServiceSpec> services = IptablesRules.sorted(allServicesOnNode);
        var out = new StringBuilder(deleteScript());
        out.append("table ip ").append(TABLE).append(" {\n");
        out.append("\tset ").append(VIP_SET).append(" {\n\t\ttype ipv4_addr\n\t}\n\n");
        out.append("\tset ").append(HAIRPIN_SET).append(" {\n\t\ttype ipv4_addr\n\t}\n\n");
        out.append("\tmap ").append(SERVICE_MAP)
                .append(" {\n\t\ttype ipv4_addr . inet_proto . inet_service : verdict\n\t}\n\n");
        String dispatch = "\t\tip daddr . meta l4proto . th dport vmap @" + SERVICE_MAP + "\n";
        out.append("\tchain prerouting {\n\t\ttype nat hook prerouting priority dstnat; policy accept;\n")
                .append(dispatch).append("\t}\n\n");
        // nft accepts the name "dstnat" only on prerouting; -100 is the same priority spelled out.
        out.append("\tchain output {\n\t\ttype nat hook output priority -100; policy accept;\n").append(dispatch)
                .append("\t}\n\n");
        // Conntrack remembers the original destination, so VIP traffic is still recognised after DNAT.
        out.append("\tchain postrouting {\n\t\ttype nat hook postrouting priority srcnat; policy accept;\n")
                .append("\t\tct status dnat ct original ip daddr @").append(VIP_SET).append(" ip saddr @")
                .append(HAIRPIN_SET).append(" snat to ct original ip daddr\n")
                .append("\t\tct status dnat ct original ip daddr @").append(VIP_SET).append(" masquerade\n\t}\n\n");
        out.append("\tchain forward {\n\t\ttype filter hook forward priority filter; policy accept;\n")
                .append("\t\tct status dnat ct original ip daddr @").append(VIP_SET).append(" accept\n\t}\n}\n");
        services.forEach(s -> out.append(addService(s)));
        addresses(services).forEach(a -> out.append(vipAddress("add", a)));
        hairpins(services).forEach(a -> out.append(hairpin("add", a)));
        return out.toString();
    }

    /**
     * What turns the table holding {@code installed} (written by {@link #scriptFor}) into one holding
     * {@code desired}, as element and chain updates in one transaction; empty when they are the same.
     */
    public static String updateScript(List<ServiceSpec> installed, List<ServiceSpec> desired) {
        Map<String, ServiceSpec> was = byKey(installed);
        Map<String, ServiceSpec> want = byKey(IptablesRules.sorted(desired));
        var out = new StringBuilder();
        was.forEach((key, s) -> {
            if (!want.containsKey(key)) out.append(removeService(s));
        });
        want.forEach((key, s) -> {
            ServiceSpec old = was.get(key);
            if (old == null) out.append(addService(s));
            else if (!old.backends().equals(s.backends())) out.append(changeBackends(old, s));
        });
        Set<String> before = addresses(installed), after = addresses(desired);
        before.stream().filter(a -> !after.contains(a)).forEach(a -> out.append(vipAddress("delete", a)));
        after.stream().filter(a -> !before.contains(a)).forEach(a -> out.append(vipAddress("add", a)));
        Set<String> pinnedBefore = hairpins(installed), pinnedAfter = hairpins(desired);
        pinnedBefore.stream().filter(a -> !pinnedAfter.contains(a)).forEach(a -> out.append(hairpin("delete", a)));
        pinnedAfter.stream().filter(a -> !pinnedBefore.contains(a)).forEach(a -> out.append(hairpin("add", a)));
        return out.toString();
    }

    /** Removes our table and everything in it; succeeds whether or not it exists. */
    public static String deleteScript() {
        return deleteScript(false);
    }

    /** As above for the IPv6 table ({@code table ip6 netshell}) when {@code v6}. */
    public static String deleteScript(boolean v6) {
        return "table " + family(v6) + " " + TABLE + " {}\ndelete table " + family(v6) + " " + TABLE + "\n";
    }

    /** The nft family, also the keyword of address matches and of dnat: ip, or ip6 for IPv6. */
    public static String family(boolean v6) {
        return v6 ? "ip6" : "ip";
    }

    /**
     * IPv6 services: {@code table ip6 netshell} with one DNAT rule per service (numgen over a map of backends),
     * written whole in one transaction. The verdict-map layout above is IPv4's.
     */
    private static String scriptFor6(List<ServiceSpec> allServicesOnNode) {
        List<ServiceSpec> services = IptablesRules.sorted(allServicesOnNode);
        boolean v6 = true;
        var out = new StringBuilder(deleteScript(v6));
        out.append("table ").append(family(v6)).append(" ").append(TABLE).append(" {\n");
        out.append("\tchain services {\n");
        services.forEach(s -> out.append("\t\t").append(dnatRule(s)).append('\n'));
        out.append("\t}\n\n");
        out.append("\tchain prerouting {\n\t\ttype nat hook prerouting priority dstnat; policy accept;\n"
                + "\t\tjump services\n\t}\n\n");
        // nft accepts the name "dstnat" only on prerouting; -100 is the same priority spelled out.
        out.append(
                "\tchain output {\n\t\ttype nat hook output priority -100; policy accept;\n\t\tjump services\n\t}\n\n");
        out.append("\tchain postrouting {\n\t\ttype nat hook postrouting priority srcnat; policy accept;\n");
        services.forEach(s -> {
            for (String b : IptablesRules.hairpinAddresses(s)) {
                out.append("\t\tip6 saddr ").append(b).append(' ').append(dnatToVip(s))
                        .append(" snat ip6 to ").append(s.vip().address()).append(comment(s)).append('\n');
            }
            out.append("\t\t").append(dnatToVip(s)).append(" masquerade").append(comment(s)).append('\n');
        });
        out.append("\t}\n\n");
        out.append("\tchain forward {\n\t\ttype filter hook forward priority filter; policy accept;\n");
        services.forEach(
                s -> out.append("\t\t").append(dnatToVip(s)).append(" accept").append(comment(s)).append('\n'));
        out.append("\t}\n\n");
        // The numgen map has no per-slot counter, so each backend gets a counting rule of its own: new
        // connections DNATed to it, the same thing iptables' per-backend DNAT rule counts.
        out.append("\tchain counters {\n\t\ttype filter hook postrouting priority filter; policy accept;\n");
        services.forEach(s -> s.backends().forEach(b -> out.append("\t\t").append(backendCounter(s, b)).append('\n')));
        out.append("\t}\n}\n");
        return out.toString();
    }

    /** Runs a script as one transaction. */
    public static Step applyStep(String script, String why) {
        return Step.withInput(why, script, "nft", "-f", "-").touching("nft.ip.netshell", "nft.ip6.netshell");
    }

    public static String serviceChain(ServiceSpec s) {
        return "svc-" + ChainNames.service(s).substring(ChainNames.SERVICE_PREFIX.length());
    }

    public static String backendChain(ServiceSpec s, Endpoint b) {
        return "sep-" + ChainNames.backend(s, b).substring(ChainNames.BACKEND_PREFIX.length());
    }

    /** Backend chains, the service chain with its pick, then the map element that makes the VIP live. */
    private static String addService(ServiceSpec s) {
        var out = new StringBuilder();
        s.backends().forEach(b -> out.append(addBackend(s, b)));
        out.append("add chain").append(AT).append(serviceChain(s)).append('\n');
        out.append(pickRule(s));
        out.append("add element").append(AT).append(SERVICE_MAP).append(" { ").append(element(s)).append(" : jump ")
                .append(serviceChain(s)).append(" }\n");
        return out.toString();
    }

    /** The element first (nothing jumps to the chains any more), then the chains. */
    private static String removeService(ServiceSpec s) {
        var out = new StringBuilder();
        out.append("delete element").append(AT).append(SERVICE_MAP).append(" { ").append(element(s)).append(" }\n");
        out.append("delete chain").append(AT).append(serviceChain(s)).append('\n');
        s.backends().forEach(b -> out.append("delete chain").append(AT).append(backendChain(s, b)).append('\n'));
        return out.toString();
    }

    /** New backend chains, the service's one pick rule rewritten, then the chains no longer picked go. */
    private static String changeBackends(ServiceSpec old, ServiceSpec s) {
        var out = new StringBuilder();
        s.backends().stream().filter(b -> !old.backends().contains(b)).forEach(b -> out.append(addBackend(s, b)));
        out.append("flush chain").append(AT).append(serviceChain(s)).append('\n');
        out.append(pickRule(s));
        old.backends().stream().filter(b -> !s.backends().contains(b))
                .forEach(b -> out.append("delete chain").append(AT).append(backendChain(s, b)).append('\n'));
        return out.toString();
    }

    private static String addBackend(ServiceSpec s, Endpoint b) {
        String chain = backendChain(s, b);
        return "add chain" + AT + chain + "\n" + "add rule" + AT + chain + " meta l4proto " + s.proto()
                + " counter dnat to " + b + " comment \"" + IptablesRules.backendComment(s, b) + "\"\n";
    }

    private static String pickRule(ServiceSpec s) {
        List<Endpoint> b = s.backends();
        String verdict = b.size() == 1
                ? "jump " + backendChain(s, b.get(0))
                : "numgen random mod " + b.size() + " vmap { " + IntStream.range(0, b.size())
                        .mapToObj(i -> i + " : jump " + backendChain(s, b.get(i))).collect(Collectors.joining(", "))
                        + " }";
        return "add rule" + AT + serviceChain(s) + " " + verdict + " comment \"" + IptablesRules.serviceComment(s)
                + "\"\n";
    }

    private static String element(ServiceSpec s) {
        return s.vip().address() + " . " + s.proto() + " . " + s.vip().port();
    }

    private static String vipAddress(String verb, String address) {
        return verb + " element" + AT + VIP_SET + " { " + address + " }\n";
    }

    private static String hairpin(String verb, String address) {
        return verb + " element" + AT + HAIRPIN_SET + " { " + address + " }\n";
    }

    /** Every backend address of the services, once: a backend shared by two VIPs is one element. */
    private static Set<String> hairpins(List<ServiceSpec> services) {
        return services.stream().flatMap(s -> IptablesRules.hairpinAddresses(s).stream())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Set<String> addresses(List<ServiceSpec> services) {
        return services.stream().map(s -> s.vip().address()).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Map<String, ServiceSpec> byKey(List<ServiceSpec> services) {
        Map<String, ServiceSpec> out = new LinkedHashMap<>();
        new ArrayList<>(services).forEach(s -> out.put(s.key(), s));
        return out;
    }

    private static String dnatRule(ServiceSpec s) {
        String match = family(s.isV6()) + " daddr " + s.vip().address() + " " + s.proto() + " dport " + s.vip().port();
        List<Endpoint> b = s.backends();
        String to = b.size() == 1
                ? b.get(0).toString()
                : "numgen random mod " + b.size() + " map { " + IntStream.range(0, b.size())
                        .mapToObj(i -> i + " : " + b.get(i).address() + " . " + b.get(i).port())
                        .collect(Collectors.joining(", ")) + " }";
        // A map value "ADDR . PORT" (concatenation) sets both; a plain value must be spelled ADDR:PORT.
        return match + " dnat " + family(s.isV6()) + " to " + to + comment(s);
    }

    /** Conntrack remembers the original destination, so we can still recognise VIP traffic after DNAT. */
    private static String dnatToVip(ServiceSpec s) {
        return "ct status dnat ct original " + family(s.isV6()) + " daddr " + s.vip().address() + " ct protocol "
                + s.proto()
                + " ct original proto-dst " + s.vip().port();
    }

    private static String backendCounter(ServiceSpec s, Endpoint b) {
        return "ct state new " + dnatToVip(s) + " " + family(s.isV6()) + " daddr " + b.address() + " " + s.proto()
                + " dport " + b.port()
                + " counter comment \"" + IptablesRules.backendComment(s, b) + "\"";
    }

    private static String comment(ServiceSpec s) {
        return " comment \"" + IptablesRules.serviceComment(s) + "\"";
    }
}
