package netshell.addr.math;

import java.util.Set;

import netshell.core.OptionalColumns;

/**
 * Everything `net info CIDR` shows about one block, as plain values. IPv6 has no netmask, wildcard or broadcast:
 * those are null there and left out of its output; its counts are exact (BigInteger), IPv4's are Longs.
 */
public record NetInfo(String address, String network, String netmask, String wildcard, String broadcast,
        String first, String last, Number usable, Number total, int prefix, String binary,
        String note) implements OptionalColumns {

    public static NetInfo of(IpPrefix block) {
        return new NetInfo(block.address(), block.network(), block.netmask(), block.wildcard(), block.broadcast(),
                block.first(), block.last(), block.usableCount(), block.addressCount(), block.prefix(),
                block.binary(), AddressKinds.describe(block));
    }

    @Override
    public Set<String> optionalColumns() { return Set.of("netmask", "wildcard", "broadcast"); }
}
