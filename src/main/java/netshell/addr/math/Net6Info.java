package netshell.addr.math;

import java.math.BigInteger;

/**
 * Everything `net info` shows about an IPv6 block. No netmask or broadcast: IPv6 has neither; {@code last} is
 * the top of the block and {@code total} is exact.
 */
public record Net6Info(String address, String network, String first, String last, BigInteger usable,
        BigInteger total, int prefix, String binary, String note) {

    public static Net6Info of(Ipv6Block block) {
        return new Net6Info(block.address(), block.network(), block.first(), block.last(), block.usable(),
                block.total(), block.prefix(), block.binary(), Ipv6Kinds.describe(block));
    }
}
