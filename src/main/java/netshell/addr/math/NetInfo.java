package netshell.addr.math;

/** Everything `net info CIDR` shows about one block, as plain values. */
public record NetInfo(String address, String network, String netmask, String wildcard, String broadcast,
        String first, String last, long usable, long total, int prefix, String binary,
        String note) {

    public static NetInfo of(Cidr cidr) {
        return new NetInfo(cidr.address(), cidr.network(), cidr.netmask(), cidr.wildcard(), cidr.broadcast(),
                cidr.first(), cidr.last(), cidr.usable(), cidr.total(), cidr.prefix(),
                Ipv4.binary(cidr.addressInt()), AddressKinds.describe(cidr));
    }
}
