package netshell.core;

/**
 * IPv4 or IPv6: the one place a piece of text is given its family. Text with a colon is IPv6 (IPv4 text never has
 * one); the family's parser then decides whether it is valid, so "10.0.0:1" is reported as a bad IPv6 address.
 */
public enum IpFamily {
    V4(32, "IPv4", 4), V6(128, "IPv6", 6);

    private final int bits;
    private final String label;
    private final int number;

    IpFamily(int bits, String label, int number) {
        this.bits = bits;
        this.label = label;
        this.number = number;
    }

    /** The family the text is written in (an address, a prefix, or an address with its prefix). */
    public static IpFamily of(String text) {
        return text != null && text.indexOf(':') >= 0 ? V6 : V4;
    }

    /** Whether the text is written as IPv6. */
    public static boolean isV6(String text) {
        return of(text) == V6;
    }

    /** Address length in bits: the longest prefix and a host route's length (/32, /128). */
    public int bits() {
        return bits;
    }

    /** 4 or 6, as in `ip -4`, `--family 6` and `iptables`/`ip6tables`. */
    public int number() { return number; }

    /** A host route's suffix: "/32" or "/128". */
    public String hostSuffix() { return "/" + bits; }

    /** "IPv4" or "IPv6". */
    @Override
    public String toString() { return label; }
}
