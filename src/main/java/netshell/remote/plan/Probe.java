package netshell.remote.plan;

/**
 * One ping from an endpoint (node or container) to another over a network ("underlay" or "overlay"):
 * whether it came back and its round trip in milliseconds (null when it did not).
 */
public record Probe(String from, String to, String network, String address, boolean ok, Double rttMs) {
    public String arrow() { return from + "→" + to; }
}
