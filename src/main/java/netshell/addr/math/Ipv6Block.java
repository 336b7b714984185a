package netshell.addr.math;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv6.IPv6Address;

import netshell.core.BadInput;
import netshell.core.IpFamily;

/**
 * An IPv6 block such as 2001:db8::/48, on top of the ipaddress library. Keeps the address the user gave
 * (2001:db8::1/64 stays 2001:db8::1 in {@link #address()}); equality and {@link #toString()} use network/prefix.
 * Text is RFC 5952 canonical: lower case, the longest run of zero groups compressed, never a single group.
 */
public final class Ipv6Block implements IpPrefix {
    public static final int BITS = 128;

    private static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
            .allowEmpty(false).allowAll(false).allowSingleSegment(false).allowMask(false).allowPrefixOnly(false)
            .allowIPv4(false).allowWildcardedSeparator(false)
            .getIPv6AddressParametersBuilder().allowZone(false).allowBinary(false).allowWildcardedSeparator(false)
            .allowPrefixesBeyondAddressSize(false).getParentBuilder().toParams();

    private final IPv6Address address;
    private final int prefix;

    private Ipv6Block(IPv6Address address, int prefix) {
        this.address = address.withoutPrefixLength();
        this.prefix = prefix;
    }

    /** Accepts "2001:db8::1/64" (keeping 2001:db8::1) and a bare address, which means a /128. */
    public static Ipv6Block parse(String text) {
        if (text == null || text.isEmpty()) throw new BadInput("empty address");
        String label = Shown.input(text);
        if (text.indexOf('%') >= 0) {
            throw new BadInput(label + ": a zone id (%" + "interface) names a link, not a network; leave it out");
        }
        int slash = text.indexOf('/');
        int prefix = BITS;
        String bare = text;
        if (slash >= 0) {
            if (text.indexOf('/', slash + 1) >= 0) throw new BadInput(label + ": more than one '/'");
            prefix = prefixLength(text.substring(slash + 1), label);
            bare = text.substring(0, slash);
            if (bare.isEmpty()) throw new BadInput(label + ": missing address before '/'");
        }
        return new Ipv6Block(address(bare, label), prefix);
    }

    /** A bare IPv6 address, strictly: no prefix, no zone, no wildcards. */
    static IPv6Address address(String text, String label) {
        if (text.indexOf('%') >= 0) throw new BadInput(label + ": a zone id (%interface) does not belong here");
        if (text.indexOf('/') >= 0) throw new BadInput(label + ": an address without /prefix is expected");
        try {
            IPAddress parsed = new IPAddressString(text, STRICT).toAddress();
            if (!parsed.isIPv6()) throw new BadInput(label + ": not an IPv6 address");
            if (parsed.isMultiple()) throw new BadInput(label + ": a range or wildcard, not one IPv6 address");
            return parsed.toIPv6();
        } catch (AddressStringException e) {
            throw new BadInput(label + ": not an IPv6 address");
        }
    }

    /** A bare IPv6 address in RFC 5952 text, or BadInput. */
    public static String canonical(String text) {
        return address(text, Shown.input(text)).toCanonicalString();
    }

    private static int prefixLength(String digits, String label) {
        boolean ok = !digits.isEmpty() && digits.length() <= 3 && digits.chars().allMatch(c -> c >= '0' && c <= '9')
                && Integer.parseInt(digits) <= BITS;
        if (!ok) throw new BadInput(label + ": prefix length must be 0..128");
        return Integer.parseInt(digits);
    }

    @Override
    public IpFamily family() { return IpFamily.V6; }

    @Override
    public int prefix() { return prefix; }

    /** IPv6 has no netmask: a prefix length only. */
    @Override
    public String netmask() { return null; }

    @Override
    public String wildcard() { return null; }

    /** IPv6 has no broadcast (multicast does that job). */
    @Override
    public String broadcast() { return null; }

    /** The address as given, canonical: 2001:db8::1 for 2001:DB8:0::1/64. */
    public String address() {
        return address.toCanonicalString();
    }

    IPv6Address lowest() { return block().getLower().withoutPrefixLength(); }
    IPv6Address highest() { return block().getUpper().withoutPrefixLength(); }

    private IPv6Address block() { return address.setPrefixLength(prefix, false).toPrefixBlock(); }

    public String network() { return lowest().toCanonicalString(); }

    /** The all-ones end of the block; IPv6 has no broadcast, so it is an ordinary address. */
    public String top() {
        return highest().toCanonicalString();
    }

    /**
     * First usable address: network + 1, because the all-zero interface id is the Subnet-Router anycast address
     * (RFC 4291 2.6.1); a /127 (RFC 6164) and a /128 use every address.
     */
    public String first() {
        return prefix >= 127 ? network() : lowest().increment(1).toCanonicalString();
    }

    /** Last usable address: the top of the block (no broadcast to skip). */
    public String last() { return top(); }

    public BigInteger total() { return BigInteger.ONE.shiftLeft(BITS - prefix); }

    @Override
    public Number addressCount() { return total(); }

    @Override
    public Number usableCount() { return usable(); }

    /** Every address but the Subnet-Router anycast one, except /127 (2) and /128 (1). */
    public BigInteger usable() {
        return prefix >= 127 ? total() : total().subtract(BigInteger.ONE);
    }

    /** The address in binary, 16 bits per group: the bits the prefix length counts. */
    public String binary() {
        String bits = address.getValue().toString(2);
        bits = "0".repeat(BITS - bits.length()) + bits;
        StringBuilder out = new StringBuilder(BITS + 7);
        for (int i = 0; i < BITS; i += 16) {
            if (i > 0) out.append(':');
            out.append(bits, i, i + 16);
        }
        return out.toString();
    }

    @Override
    public boolean containsPrefix(IpPrefix other) { return other instanceof Ipv6Block b && contains(b); }

    public boolean contains(Ipv6Block other) {
        return other.prefix >= prefix && block().contains(other.lowest());
    }

    public boolean containsAddress(String text) {
        return block().contains(address(text, Shown.input(text)));
    }

    /** Blocks either nest or are disjoint. */
    public boolean overlaps(Ipv6Block other) {
        return contains(other) || other.contains(this);
    }

    public Ipv6Block normalized() { return new Ipv6Block(lowest(), prefix); }

    /** The block in {@code parts} equal blocks (a power of two, at most {@link Cidr#MAX_PARTS}), in order. */
    @Override
    public List<Ipv6Block> split(int parts) {
        int newPrefix = prefix + partsBits(parts);
        if (parts > Cidr.MAX_PARTS) {
            throw new BadInput(normalized() + " in /" + newPrefix + " blocks gives " + parts + " parts; at most "
                    + Cidr.MAX_PARTS + " at a time");
        }
        List<Ipv6Block> out = new ArrayList<>(parts);
        parts(newPrefix).forEachRemaining(out::add);
        return List.copyOf(out);
    }

    /** The bits {@code parts} equal blocks add to the prefix; checks that such a split exists. */
    int partsBits(int parts) {
        if (parts < 1) throw new BadInput(parts + " parts: N must be a power of two ≥ 1");
        if (Integer.bitCount(parts) != 1) throw new BadInput(parts + " is not a power of two");
        int newPrefix = prefix + Integer.numberOfTrailingZeros(parts);
        if (newPrefix > BITS) {
            throw new BadInput(normalized() + " cannot be split into " + parts + " parts (a /" + newPrefix
                    + " does not exist)");
        }
        return Integer.numberOfTrailingZeros(parts);
    }

    /** How many blocks of newPrefix the block holds; checks that newPrefix is a valid longer prefix. */
    public BigInteger countOf(int newPrefix) {
        if (newPrefix < 0 || newPrefix > BITS) throw new BadInput("/" + newPrefix + ": prefix length must be 0..128");
        if (newPrefix < prefix) {
            throw new BadInput(this + " cannot be split into /" + newPrefix + " blocks: a /" + newPrefix
                    + " is larger than a /" + prefix);
        }
        return BigInteger.ONE.shiftLeft(newPrefix - prefix);
    }

    /** The index-th block of newPrefix inside this one, counting from 0. */
    public Ipv6Block part(int newPrefix, BigInteger index) {
        BigInteger count = countOf(newPrefix);
        if (index.signum() < 0 || index.compareTo(count) >= 0) {
            throw new BadInput(
                    "part " + index + " is outside " + this + " (0.." + count.subtract(BigInteger.ONE) + ")");
        }
        BigInteger start = lowest().getValue().add(index.shiftLeft(BITS - newPrefix));
        return new Ipv6Block(new IPv6Address(start), newPrefix);
    }

    /** The blocks of newPrefix in order, lazily: a /48 holds 65536 /64s. */
    public Iterator<Ipv6Block> parts(int newPrefix) {
        countOf(newPrefix);
        Iterator<? extends IPAddress> blocks = block().setPrefixLength(newPrefix, false).prefixBlockIterator();
        return new Iterator<>() {
            public boolean hasNext() { return blocks.hasNext(); }
            public Ipv6Block next() { return new Ipv6Block(blocks.next().getLower().toIPv6(), newPrefix); }
        };
    }

    /** Network address plus offset, e.g. addressAt(1) is the first usable address of a /64. */
    public String addressAt(BigInteger offset) {
        if (offset.signum() < 0 || offset.compareTo(total()) >= 0) {
            throw new BadInput("offset " + offset + " is outside " + this);
        }
        return new IPv6Address(lowest().getValue().add(offset)).toCanonicalString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ipv6Block b && b.prefix == prefix && b.lowest().equals(lowest());
    }

    @Override
    public int hashCode() { return 31 * lowest().hashCode() + prefix; }

    /** network/prefix, e.g. 2001:db8::/64 for 2001:db8::1/64. */
    @Override
    public String toString() { return network() + "/" + prefix; }
}
