package netshell.addr.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Golden reasons why an address cannot be a VIP or backend, and a subnet cannot hold an overlay. */
class AddressUseTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "OK", value = {
            "255.255.255.255|255.255.255.255 is the limited broadcast address (255.255.255.255/32)",
            "224.0.0.1|224.0.0.1 is multicast (224.0.0.0/4)",
            "239.255.255.250|239.255.255.250 is multicast (224.0.0.0/4)",
            "127.0.0.1|127.0.0.1 is loopback (127.0.0.0/8)",
            "0.1.2.3|0.1.2.3 is \"this network\" (0.0.0.0/8)",
            "240.0.0.1|240.0.0.1 is reserved (240.0.0.0/4)",
            "ff02::1|ff02::1 is multicast (ff00::/8)",
            "::ffff:10.0.0.1|::ffff:10.0.0.1 is IPv4-mapped (::ffff:0:0/96)",
            "::1|::1 is loopback (::1/128)",
            "fe80::1|fe80::1 is link-local (fe80::/10)",
            "192.168.56.100|OK", "10.0.0.65|OK", "169.254.20.10|OK", "fd56::100|OK", "2001:db8::1|OK"})
    void hosts(String address, String reason) {
        assertEquals(reason, AddressUse.notAHost(address));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "OK", value = {
            "0.0.0.0/0|0.0.0.0/0 is every IPv4 address",
            "127.0.0.0/8|127.0.0.0/8 is loopback (127.0.0.0/8)",
            "224.0.0.0/24|224.0.0.0/24 is multicast (224.0.0.0/4)",
            "0.0.0.0/1|0.0.0.0/1 includes \"this network\" 0.0.0.0/8, loopback 127.0.0.0/8",
            "10.0.0.0/24|OK", "192.168.0.0/16|OK", "100.64.0.0/10|OK"})
    void overlays4(String subnet, String reason) {
        assertEquals(reason, AddressUse.notForOverlay(Cidr.parse(subnet)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "OK", value = {
            "::/0|::/0 is every IPv6 address",
            "fe80::/64|fe80::/64 is link-local (fe80::/10)",
            "ff00::/12|ff00::/12 is multicast (ff00::/8)",
            "::/96|::/96 includes the unspecified address ::/128, loopback ::1/128",
            "fd00:10::/64|OK", "2001:db8::/48|OK"})
    void overlays6(String prefix, String reason) {
        assertEquals(reason, AddressUse.notForOverlay(Ipv6Block.parse(prefix)));
    }
}
