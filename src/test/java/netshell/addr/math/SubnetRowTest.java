package netshell.addr.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import netshell.command.DataView;

class SubnetRowTest {

    @Test
    void twoHalvesOfASlash24() {
        assertEquals(List.of(
                v4("10.0.0.0/25", "10.0.0.0", "10.0.0.1", "10.0.0.126", "10.0.0.127", 126),
                v4("10.0.0.128/25", "10.0.0.128", "10.0.0.129", "10.0.0.254", "10.0.0.255", 126)),
                SubnetRow.split(Cidr.parse("10.0.0.0/24"), 2));
    }

    @Test
    void fourQuartersOfAnUnalignedSlash24() {
        assertEquals(List.of(
                v4("192.168.1.0/26", "192.168.1.0", "192.168.1.1", "192.168.1.62", "192.168.1.63", 62),
                v4("192.168.1.64/26", "192.168.1.64", "192.168.1.65", "192.168.1.126", "192.168.1.127", 62),
                v4("192.168.1.128/26", "192.168.1.128", "192.168.1.129", "192.168.1.190", "192.168.1.191",
                        62),
                v4("192.168.1.192/26", "192.168.1.192", "192.168.1.193", "192.168.1.254", "192.168.1.255",
                        62)),
                SubnetRow.split(Cidr.parse("192.168.1.77/24"), 4));
    }

    @Test
    void slash30IntoPointToPointLinksAndHosts() {
        assertEquals(List.of(
                v4("10.1.1.0/31", "10.1.1.0", "10.1.1.0", "10.1.1.1", "10.1.1.1", 2),
                v4("10.1.1.2/31", "10.1.1.2", "10.1.1.2", "10.1.1.3", "10.1.1.3", 2)),
                SubnetRow.splitToPrefix(Cidr.parse("10.1.1.0/30"), 31));
        assertEquals(List.of(
                v4("10.1.1.0/32", "10.1.1.0", "10.1.1.0", "10.1.1.0", "10.1.1.0", 1),
                v4("10.1.1.1/32", "10.1.1.1", "10.1.1.1", "10.1.1.1", "10.1.1.1", 1)),
                SubnetRow.split(Cidr.parse("10.1.1.0/31"), 2));
    }

    @Test
    void wholeSpaceInHalves() {
        assertEquals(List.of(
                v4("0.0.0.0/1", "0.0.0.0", "0.0.0.1", "127.255.255.254", "127.255.255.255", 2147483646),
                v4("128.0.0.0/1", "128.0.0.0", "128.0.0.1", "255.255.255.254", "255.255.255.255",
                        2147483646)),
                SubnetRow.split(Cidr.parse("0.0.0.0/0"), 2));
    }

    @Test
    void eachFamilyShowsItsOwnKeysInOrder() {
        Map<?, ?> v4 = (Map<?, ?>) DataView.of(SubnetRow.split(Cidr.parse("10.0.0.0/24"), 2).get(0));
        assertEquals(List.of("cidr", "network", "first", "last", "broadcast", "usable"), List.copyOf(v4.keySet()));
        Map<?, ?> v6 = (Map<?, ?>) DataView.of(Ipv6Split.intoParts(Ipv6Block.parse("2001:db8::/64"), 2, false)
                .head().get(0));
        assertEquals(List.of("index", "cidr", "first", "last", "addresses"), List.copyOf(v6.keySet()));
    }

    /** An IPv4 row: no index, no address count (its usable hosts say it). */
    private static SubnetRow v4(String cidr, String network, String first, String last, String broadcast,
            long usable) {
        return new SubnetRow(null, cidr, network, first, last, broadcast, usable, null);
    }
}
