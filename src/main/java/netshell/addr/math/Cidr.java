package netshell.addr.math;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.net.util.SubnetUtils;

import netshell.core.BadInput;
import netshell.core.IpFamily;

/**
 * An IPv4 block such as 10.0.0.0/24. Keeps the address the user gave (10.0.0.1/24 stays 10.0.0.1
 * in {@link #address()}); equality, hashing and {@link #toString()} use network/prefix.
 */
public final class Cidr implements IpPrefix {
    /** Splits beyond this many parts are refused: nobody reads such a table and it costs memory. */
    public static final int MAX_PARTS = 65536;

    private final int address;
    private final int prefix;
    /** Built on first use: a split makes many blocks and most are never shown. */
    private SubnetUtils.SubnetInfo info;

    private Cidr(int address, int prefix) {
        this.address = address;
        this.prefix = prefix;
    }

    public static Cidr of(int address, int prefix) {
        if (prefix < 0 || prefix > 32) throw new BadInput("/" + prefix + ": prefix length must be 0..32");
        return new Cidr(address, prefix);
    }

    /** Accepts "10.0.0.1/24" (keeping 10.0.0.1) and a bare address, which means a /32. */
    public static Cidr parse(String text) {
        if (text == null || text.isEmpty()) throw new BadInput("empty address");
        int slash = text.indexOf('/');
        if (slash < 0) return new Cidr(Ipv4.parse(text), 32);
        String label = Shown.input(text);
        if (text.indexOf('/', slash + 1) >= 0) throw new BadInput(label + ": more than one '/'");
        int address = Ipv4.parse(text.substring(0, slash), text);
        String length = text.substring(slash + 1);
        if (length.isEmpty()) throw new BadInput(label + ": missing prefix length after '/'");
        return new Cidr(address, prefixLength(length, label));
    }

    /**
     * ADDRESS/PREFIX as a setting of a plan names it ({@code what}: "address of container web1"): the prefix is
     * required, and a bad value is reported under that name.
     */
    public static Cidr parseSetting(String text, String what) {
        if (text == null || text.indexOf('/') < 0)
            throw new BadInput(what + " " + Shown.input(text) + " is not ADDRESS/PREFIX");
        try {
            return parse(text);
        } catch (BadInput e) {
            throw new BadInput(what + ": " + e.getMessage());
        }
    }

    /** A bare IPv4 address as a setting names it; the address is returned as given. */
    public static String checkAddress(String address, String what) {
        try {
            Ipv4.parse(address);
            return address;
        } catch (BadInput e) {
            throw new BadInput(what + ": " + e.getMessage());
        }
    }

    /** A prefix length on its own, "26" or "/26" (as in `net split 10.0.0.0/24 /26`). */
    public static int parsePrefix(String text) {
        if (text == null || text.isEmpty() || text.equals("/")) throw new BadInput("missing prefix length");
        return prefixLength(text.startsWith("/") ? text.substring(1) : text, Shown.input(text));
    }

    private static int prefixLength(String digits, String label) {
        boolean ok = digits.length() <= 2 && !digits.isEmpty()
                && digits.chars().allMatch(c -> c >= '0' && c <= '9')
                && Integer.parseInt(digits) <= 32;
        if (!ok) throw new BadInput(label + ": prefix length must be 0..32");
        return Integer.parseInt(digits);
    }

    /** The N of `net split CIDR N`: a whole number that fits an int; {@link #split} checks the rest. */
    public static int parseParts(String text) {
        if (text == null || text.isEmpty()) throw new BadInput("missing number of parts");
        String label = Shown.input(text);
        String digits = text.startsWith("-") ? text.substring(1) : text;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BadInput(label + ": N must be a whole number (a power of two ≥ 1)");
        }
        String significant = digits.replaceFirst("^0+(?=.)", "");
        // Compare lengths before parsing: Long.parseLong would overflow on 99999999999999999999.
        if (significant.length() > 10 || Long.parseLong(significant) > Integer.MAX_VALUE) {
            throw new BadInput(label + ": too large for a number of parts (at most " + MAX_PARTS + ")");
        }
        int value = Integer.parseInt(significant);
        return text.startsWith("-") ? -value : value;
    }

    @Override
    public IpFamily family() { return IpFamily.V4; }

    @Override
    public int prefix() { return prefix; }

    /** The address as given, e.g. 10.0.0.1 for 10.0.0.1/24. */
    public String address() { return Ipv4.format(address); }

    public String network() { return info().getNetworkAddress(); }
    public String netmask() { return info().getNetmask(); }
    public String broadcast() { return info().getBroadcastAddress(); }

    @Override
    public String top() { return broadcast(); }

    @Override
    public String binary() { return Ipv4.binary(address); }

    /** Inverted netmask, as used by ACLs and OSPF. */
    public String wildcard() { return Ipv4.format(~mask(prefix)); }

    /** First usable host. A /31 (RFC 3021) and a /32 have no network/broadcast to skip. */
    public String first() {
        return prefix >= 31 ? network() : info().getLowAddress();
    }

    /** Last usable host; see {@link #first()}. */
    public String last() {
        return prefix >= 31 ? broadcast() : info().getHighAddress();
    }

    /** Usable hosts: total minus network and broadcast, except /31 (2) and /32 (1). */
    public long usable() {
        if (prefix == 32) return 1;
        if (prefix == 31) return 2;
        return info().getAddressCountLong();
    }

    public long total() { return 1L << (32 - prefix); }

    @Override
    public Number addressCount() { return total(); }

    @Override
    public Number usableCount() { return usable(); }

    public int networkInt() { return address & mask(prefix); }
    public int broadcastInt() { return networkInt() | ~mask(prefix); }
    public int addressInt() { return address; }

    /** Whether the address lies in this block, network and broadcast included. */
    public boolean contains(String address) {
        return containsInt(Ipv4.parse(address));
    }

    @Override
    public boolean containsAddress(String address) { return contains(address); }

    @Override
    public boolean containsPrefix(IpPrefix other) { return other instanceof Cidr c && contains(c); }

    /** Whether every address of {@code other} lies in this block. */
    public boolean contains(Cidr other) {
        return other.prefix >= prefix && containsInt(other.networkInt());
    }

    // Mask arithmetic, not SubnetUtils.isInRange: that one skips network/broadcast or fails on /0.
    boolean containsInt(int candidate) {
        return ((candidate ^ address) & mask(prefix)) == 0;
    }

    /** CIDR blocks either nest or are disjoint, so they overlap exactly when the larger holds the smaller. */
    public boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    public Cidr normalized() { return new Cidr(networkInt(), prefix); }

    /** Whether the address given is the network address (10.0.0.0/24, not 10.0.0.1/24). */
    public boolean isNormalized() {
        return address == networkInt();
    }

    /** The form the user typed: 10.0.0.1/24 (toString gives 10.0.0.0/24). */
    public String asGiven() {
        return address() + "/" + prefix;
    }

    /** Splits into {@code parts} equal blocks; parts must be a power of two. */
    public List<Cidr> split(int parts) {
        if (parts < 1) throw new BadInput(parts + " parts: N must be a power of two ≥ 1");
        if (Integer.bitCount(parts) != 1) throw new BadInput(parts + " is not a power of two");
        int newPrefix = prefix + Integer.numberOfTrailingZeros(parts);
        if (newPrefix > 32) {
            throw new BadInput(
                    this + " cannot be split into " + parts + " parts (a /" + newPrefix + " does not exist)");
        }
        return subnets(newPrefix);
    }

    /** Splits into all blocks of the given (longer or equal) prefix length. */
    public List<Cidr> splitToPrefix(int newPrefix) {
        if (newPrefix < 0 || newPrefix > 32) throw new BadInput("/" + newPrefix + ": prefix length must be 0..32");
        if (newPrefix < prefix) {
            throw new BadInput(this + " cannot be split into /" + newPrefix + " blocks: a /" + newPrefix
                    + " is larger than a /" + prefix);
        }
        return subnets(newPrefix);
    }

    private List<Cidr> subnets(int newPrefix) {
        long count = 1L << (newPrefix - prefix);
        if (count > MAX_PARTS) {
            throw new BadInput(this + " in /" + newPrefix + " blocks gives " + count + " parts; at most "
                    + MAX_PARTS + " at a time");
        }
        long start = Ipv4.toLong(networkInt());
        long size = 1L << (32 - newPrefix);
        List<Cidr> out = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) out.add(new Cidr((int) (start + i * size), newPrefix));
        return List.copyOf(out);
    }

    /** Network address plus offset: addressAt(0) is the network, addressAt(total()-1) the broadcast. */
    public String addressAt(long offset) {
        if (offset < 0 || offset >= total()) {
            throw new BadInput("offset " + offset + " is outside " + this + " (0.." + (total() - 1) + ")");
        }
        return Ipv4.format((int) (Ipv4.toLong(networkInt()) + offset));
    }

    static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    private SubnetUtils.SubnetInfo info() {
        // A benign race: two threads may each build an equal, never-mutated SubnetInfo.
        if (info == null) info = new SubnetUtils(Ipv4.format(address) + "/" + prefix).getInfo();
        return info;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && c.networkInt() == networkInt();
    }

    @Override
    public int hashCode() { return 31 * networkInt() + prefix; }

    /** network/prefix, e.g. 10.0.0.0/24 for 10.0.0.1/24. */
    @Override
    public String toString() { return Ipv4.format(networkInt()) + "/" + prefix; }
}
