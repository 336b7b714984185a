package netshell.trace.plan;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import netshell.core.IpFamily;

/**
 * What a node has for tracing the probe, read with the trace's other facts (the output of {@link #SCRIPT}), and the
 * tracer chosen from it: nft when its binary works; else, for iptables-nft, TRACE rules read with
 * {@code xtables-monitor}; for iptables-legacy, TRACE in the kernel log, which the kernel writes only from the initial
 * network namespace (unless {@code net.netfilter.nf_log_all_netns=1}, a host-wide setting netshell leaves alone);
 * else none. {@link #why} says in one line why a node has less than nft. The kernel logs a family's TRACE only
 * through that family's logger ({@code ipv4Logger}: net.netfilter.nf_log.2, {@code ipv6Logger}: nf_log.10).
 * {@code rawTable}: whether iptables' raw table was there before the trace (iptables-nft makes it for the TRACE rules:
 * then the trace removes it again).
 */
public record TraceTools(boolean nft, String iptables, boolean xtablesMonitor, boolean stdbuf, boolean dmesg,
        boolean dmesgFollowNew, String ipv4Logger, String ipv6Logger, boolean initialNamespace, boolean rawTable) {
    /**
     * The read, one {@code sh -c}: {@code nft -v} runs the binary (a file named nft that cannot list a ruleset is no
     * nft), {@code iptables -V} names the back end, and nf_log_all_netns exists only in the initial namespace.
     */
    public static final String SCRIPT = "nft -v 2>/dev/null; iptables -V 2>/dev/null;"
            + " for t in xtables-monitor stdbuf dmesg; do command -v $t; done; dmesg -V 2>/dev/null;"
            + " grep -H . /proc/sys/net/netfilter/nf_log/2 /proc/sys/net/netfilter/nf_log/10"
            + " /proc/sys/net/netfilter/nf_log_all_netns 2>/dev/null; true";

    /** A node taken to have nft (the tracer before any other existed). */
    public static final TraceTools NFT = new TraceTools(true, null, false, false, false, false, null, null, false,
            true);

    private static final Pattern IPTABLES = Pattern.compile("^iptables v\\S+ \\((nf_tables|legacy)\\)");
    private static final Pattern UTIL_LINUX = Pattern.compile("util-linux (\\d+)\\.(\\d+)");

    /** The tools as {@link #SCRIPT} printed them. */
    public static TraceTools parse(String out) {
        boolean nft = false;
        boolean monitor = false;
        boolean stdbuf = false;
        boolean dmesg = false;
        boolean followNew = false;
        boolean initial = false;
        String iptables = null;
        String logger = null;
        String logger6 = null;
        for (String raw : out == null ? new String[0] : out.split("\n")) {
            String line = raw.strip();
            Matcher ipt = IPTABLES.matcher(line);
            Matcher ul = UTIL_LINUX.matcher(line);
            if (line.startsWith("nftables v")) nft = true;
            else if (ipt.find()) iptables = ipt.group(1);
            else if (line.startsWith("/") && line.endsWith("/xtables-monitor")) monitor = true;
            else if (line.startsWith("/") && line.endsWith("/stdbuf")) stdbuf = true;
            else if (line.startsWith("/") && line.endsWith("/dmesg")) dmesg = true;
            else if (line.startsWith("dmesg ") && ul.find()) {
                int major = Integer.parseInt(ul.group(1));
                int minor = Integer.parseInt(ul.group(2));
                followNew = major > 2 || major == 2 && minor >= 37; // --follow-new came with util-linux 2.37
            } else if (line.startsWith("/proc/sys/net/netfilter/nf_log/2:"))
                logger = line.substring(line.indexOf(
                        ':') + 1);
            else if (line.startsWith("/proc/sys/net/netfilter/nf_log/10:"))
                logger6 = line.substring(line.indexOf(':') + 1);
            else if (line.startsWith("/proc/sys/net/netfilter/nf_log_all_netns:")) initial = true;
        }
        return new TraceTools(nft, iptables, monitor, stdbuf, dmesg, followNew, logger, logger6, initial, true);
    }

    /**
     * Whether {@code iptables-save -t raw} shows a table holding nothing: no rule, no chain of its own, every policy
     * ACCEPT (an empty raw table, as deleting the TRACE rules leaves it).
     */
    public static boolean emptyRawTable(String save) {
        for (String raw : save.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.equals("*raw") || line.equals("COMMIT")) continue;
            if (!line.matches(":(PREROUTING|OUTPUT) ACCEPT( \\[\\d+:\\d+\\])?")) return false;
        }
        return true;
    }

    /** These tools, on a node whose {@code iptables-save} did or did not list a raw table. */
    public TraceTools withRawTable(boolean raw) {
        return new TraceTools(nft, iptables, xtablesMonitor, stdbuf, dmesg, dmesgFollowNew, ipv4Logger, ipv6Logger,
                initialNamespace, raw);
    }

    /** The tracer this node gets. */
    public Tracer tracer() {
        if (nft) return Tracer.NFT;
        if ("nf_tables".equals(iptables) && xtablesMonitor && stdbuf) return Tracer.XTABLES;
        if ("legacy".equals(iptables) && initialNamespace && dmesg && ipv4Logger != null && !ipv4Logger.equals(
                "NONE"))
            return Tracer.KERNEL_LOG;
        return Tracer.NONE;
    }

    /**
     * The tracer for a probe of this family: iptables-nft's xtables-monitor reads both families' TRACE; the kernel log
     * has a family's TRACE lines only with a logger for that family.
     */
    public Tracer tracerFor(IpFamily family) {
        Tracer t = tracer();
        if (family == IpFamily.V4 || t == Tracer.NFT || t == Tracer.XTABLES) return t;
        if ("legacy".equals(iptables) && initialNamespace && dmesg && logs(ipv6Logger)) return Tracer.KERNEL_LOG;
        return Tracer.NONE;
    }

    /** Why this node traces a probe of this family less than nft would, in one line (null with nft). */
    public String whyFor(IpFamily family) {
        if (family == IpFamily.V4 || nft) return why();
        if (tracerFor(family) == Tracer.XTABLES)
            return "no nft: ip6tables TRACE rules in raw, read with xtables-monitor --trace";
        if ("legacy".equals(iptables) && initialNamespace && dmesg && !logs(ipv6Logger))
            return "iptables-legacy, and no kernel logger for IPv6 (net.netfilter.nf_log.10 is NONE; modprobe"
                    + " nf_log_syslog): no rule is traced here; its counters, conntrack and capture still are";
        if (tracerFor(family) == Tracer.KERNEL_LOG)
            return "iptables-legacy: ip6tables TRACE rules in raw, read from the kernel log (dmesg)";
        return why();
    }

    private static boolean logs(String logger) {
        return logger != null && !logger.equals("NONE");
    }

    /** Why this node has no nft trace, in one line (null with nft); for {@link Tracer#NONE}, why it has none. */
    public String why() {
        String none = ": no rule is traced here; its counters, conntrack and capture still are";
        if (nft) return null;
        if ("nf_tables".equals(iptables)) {
            if (!xtablesMonitor) return "no nft and no xtables-monitor (iptables-nft older than 1.8)" + none;
            if (!stdbuf)
                return "no nft, and xtables-monitor needs stdbuf (coreutils) to pass its lines as they come"
                        + none;
            return "no nft: iptables TRACE rules in raw, read with xtables-monitor --trace";
        }
        if ("legacy".equals(iptables)) {
            if (!initialNamespace)
                return "iptables-legacy: the kernel logs TRACE only from the initial network namespace"
                        + " (net.netfilter.nf_log_all_netns, a host-wide setting netshell leaves alone), and this node"
                        + " is another one" + none;
            if (!dmesg) return "iptables-legacy, and no dmesg to read TRACE from the kernel log" + none;
            if (ipv4Logger == null || ipv4Logger.equals("NONE"))
                return "iptables-legacy, and no kernel logger for IPv4 (net.netfilter.nf_log.2 is NONE; modprobe"
                        + " nf_log_syslog)" + none;
            return "iptables-legacy: iptables TRACE rules in raw, read from the kernel log (dmesg)";
        }
        return "neither nft nor iptables" + none;
    }
}
