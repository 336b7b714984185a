package netshell.web.feed;

/** One interface's counters since boot: bytes and packets each way. */
public record Counters(long rxBytes, long rxPackets, long txBytes, long txPackets) {}
