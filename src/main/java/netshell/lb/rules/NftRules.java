package netshell.lb.rules;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import netshell.core.Step;

/**
 * Load-balancer rules for nftables, in a table netshell owns outright ({@code table ip netshell}).
 *
 * <p>Owning the whole table makes reconciling trivial: each script deletes the table and defines
 * it again inside one {@code nft -f} transaction, so the kernel swaps old for new atomically and
 * never shows a half-written state. "delete table" fails when the table is absent, so the script
 * first declares it empty ({@code table ip netshell {}} is a no-op when it exists).
 *
 * <p>Chain {@code counters} holds one counting rule per backend whose comment names service and
 * backend: that is how the services are read back ({@link InstalledServices#fromNftJson}).
 *
 * <p>The even spread needs no ladder here: {@code numgen random mod N} picks a map slot uniformly.
 */
public final class NftRules {
    private NftRules() {}

    public static final String TABLE = "netshell";

    public static String scriptFor(List<ServiceSpec> allServicesOnNode) {
        List<ServiceSpec> services = IptablesRules.sorted(allServicesOnNode);
        boolean v6 = services.get(0).isV6(); // one table per family: LbWriter passes one family's services
        var out = new StringBuilder(deleteScript(v6));
        out.append("table ").append(family(v6)).append(" ").append(TABLE).append(" {\n");
        out.append("\tchain services {\n");
        services.forEach(s -> out.append("\t\t").append(dnatRule(s)).append('\n'));
        out.append("\t}\n\n");
        out.append(
                "\tchain prerouting {\n\t\ttype nat hook prerouting priority dstnat; policy accept;\n\t\tjump services\n\t}\n\n");
        // nft accepts the name "dstnat" only on prerouting; -100 is the same priority spelled out.
        out.append(
                "\tchain output {\n\t\ttype nat hook output priority -100; policy accept;\n\t\tjump services\n\t}\n\n");
        out.append("\tchain postrouting {\n\t\ttype nat hook postrouting priority srcnat; policy accept;\n");
        services.forEach(
                s -> out.append("\t\t").append(dnatToVip(s)).append(" masquerade").append(comment(s)).append('\n'));
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

    /** Runs a script as one transaction. */
    public static Step applyStep(String script, String why) {
        return Step.withInput(why, script, "nft", "-f", "-");
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
