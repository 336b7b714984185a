package netshell.trace.plan;

import netshell.kernel.KernelJson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One rule of {@code ip -j rule show}: the selectors the kernel matches, and the table it sends the lookup to. */
public record PolicyRule(int priority, String src, String dst, String iif, String oif, Long fwmark, Long fwmask,
        String table, String action, boolean not) {
    /** Whether a packet with these fields selects this rule. */
    boolean matches(String from, String to, String inDev, long mark) {
        boolean m = (src == null || from != null && V4.contains(src, from))
                && (dst == null || to != null && V4.contains(dst, to))
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

    public static List<PolicyRule> parse(String json) {
        List<PolicyRule> out = new ArrayList<>();
        for (Map<String, Object> o : KernelJson.objects(json, "ip -j rule show")) {
            Integer prio = KernelJson.integer(o, "priority");
            String src = KernelJson.string(o, "src");
            Integer srclen = KernelJson.integer(o, "srclen");
            if (src != null && srclen != null) src = src + "/" + srclen;
            String dst = KernelJson.string(o, "dst");
            Integer dstlen = KernelJson.integer(o, "dstlen");
            if (dst != null && dstlen != null) dst = dst + "/" + dstlen;
            if ((src != null && src.contains(":")) || (dst != null && dst.contains(":"))) continue;
            String action = KernelJson.string(o, "action");
            if (action != null && action.equals("to_tbl")) action = null;
            out.add(new PolicyRule(prio == null ? 0 : prio, "all".equals(src) ? null : src, dst,
                    KernelJson.string(o, "iif"),
                    KernelJson.string(o, "oif"), hex(KernelJson.string(o, "fwmark")),
                    hex(KernelJson.string(o, "fwmask")),
                    KernelJson.string(o, "table"), action, o.containsKey("not")));
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
