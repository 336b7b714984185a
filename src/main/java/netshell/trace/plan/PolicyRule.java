package netshell.trace.plan;

import netshell.core.IpFamily;
import netshell.kernel.KernelJson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One rule of {@code ip -j rule show} ({@code ip -6 …}): the selectors the kernel matches, the table it sends the
 * lookup to, and the family whose rule list holds it (each family has its own).
 */
public record PolicyRule(int priority, String src, String dst, String iif, String oif, Long fwmark, Long fwmask,
        String table, String action, boolean not, IpFamily family) {
    /** An IPv4 rule. */
    public PolicyRule(int priority, String src, String dst, String iif, String oif, Long fwmark, Long fwmask,
            String table, String action, boolean not) {
        this(priority, src, dst, iif, oif, fwmark, fwmask, table, action, not, IpFamily.V4);
    }

    /** Whether a packet with these fields selects this rule. */
    boolean matches(String from, String to, String inDev, long mark) {
        boolean m = (src == null || from != null && Ip.contains(src, from))
                && (dst == null || to != null && Ip.contains(dst, to))
                && (iif == null || iif.equals(inDev == null ? "lo" : inDev))
                && (fwmark == null || (mark & (fwmask == null ? 0xffffffffL : fwmask)) == fwmark);
        return not != m;
    }

    /** The rule as `ip rule` prints it. */
    public String text() {
        StringBuilder sb = new StringBuilder(priority + ":\t");
        if (not) sb.append("not ");
        sb.append("from ").append(src == null ? "all" : src);
        if (dst != null) sb.append(" to ").append(dst);
        if (fwmark != null)
            sb.append(" fwmark 0x").append(Long.toHexString(fwmark))
                    .append(fwmask == null ? "" : "/0x" + Long.toHexString(fwmask));
        if (iif != null) sb.append(" iif ").append(iif);
        if (oif != null) sb.append(" oif ").append(oif);
        sb.append(action == null ? " lookup " + table : " " + action);
        return sb.toString();
    }

    /** The IPv4 rules ({@code ip -4 -j rule show}); IPv6 selectors are left out. */
    public static List<PolicyRule> parse(String json) {
        return parse(json, IpFamily.V4);
    }

    /** The rules of one family, by priority; a rule whose selector is of the other family is left out. */
    public static List<PolicyRule> parse(String json, IpFamily family) {
        List<PolicyRule> out = new ArrayList<>();
        String command = family == IpFamily.V4 ? "ip -j rule show" : "ip -6 -j rule show";
        for (Map<String, Object> o : KernelJson.objects(json, command)) {
            Integer prio = KernelJson.integer(o, "priority");
            String src = KernelJson.string(o, "src");
            Integer srclen = KernelJson.integer(o, "srclen");
            if (src != null && srclen != null) src = src + "/" + srclen;
            String dst = KernelJson.string(o, "dst");
            Integer dstlen = KernelJson.integer(o, "dstlen");
            if (dst != null && dstlen != null) dst = dst + "/" + dstlen;
            if (src != null && !src.equals("all") && IpFamily.of(src) != family
                    || dst != null && IpFamily.of(dst) != family)
                continue;
            String action = KernelJson.string(o, "action");
            if (action != null && action.equals("to_tbl")) action = null;
            out.add(new PolicyRule(prio == null ? 0 : prio, "all".equals(src) ? null : src, dst,
                    KernelJson.string(o, "iif"),
                    KernelJson.string(o, "oif"), hex(KernelJson.string(o, "fwmark")),
                    hex(KernelJson.string(o, "fwmask")),
                    KernelJson.string(o, "table"), action, o.containsKey("not"), family));
        }
        out.sort((a, b) -> Integer.compare(a.priority(), b.priority()));
        return List.copyOf(out);
    }

    private static Long hex(String s) {
        if (s == null) return null;
        try {
            return s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
