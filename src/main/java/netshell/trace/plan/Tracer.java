package netshell.trace.plan;

/**
 * What shows a node's netfilter verdicts on the probe, rule by rule: nft's own trace (the first choice), iptables
 * {@code TRACE} read with {@code xtables-monitor} (iptables-nft without the nft binary), iptables-legacy's
 * {@code TRACE} in the kernel log, or nothing (counters, conntrack and the capture still tell).
 */
public enum Tracer {
    NFT("nft trace", "nft monitor trace"), XTABLES("iptables TRACE", "xtables-monitor --trace"), KERNEL_LOG(
            "iptables TRACE", "dmesg --follow"), NONE("no trace", "iptables-save -c");

    private final String label;
    private final String command;

    Tracer(String label, String command) {
        this.label = label;
        this.command = command;
    }

    /** How evidence from it is named in a report ("nft trace: …", "iptables TRACE: …"). */
    public String label() {
        return label;
    }

    /** The command that shows the same by hand. */
    public String command() { return command; }
}
