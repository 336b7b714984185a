package netshell.addr.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Golden values for every NetInfo field, checked by hand against ipcalc and RFC 3021. */
class NetInfoTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // input | address | network | netmask | wildcard | broadcast | first | last
            // | usable | total | prefix | binary | note
            "0.0.0.0/0 | 0.0.0.0 | 0.0.0.0 | 0.0.0.0 | 255.255.255.255 | 255.255.255.255 | 0.0.0.1 | 255.255.255.254"
                    + " | 4294967294 | 4294967296 | 0 | 00000000.00000000.00000000.00000000"
                    + " | the whole IPv4 address space (the default route), classes A–E",
            "10.0.0.0/8 | 10.0.0.0 | 10.0.0.0 | 255.0.0.0 | 0.255.255.255 | 10.255.255.255 | 10.0.0.1 | 10.255.255.254"
                    + " | 16777214 | 16777216 | 8 | 00001010.00000000.00000000.00000000"
                    + " | class A, private (RFC 1918 10.0.0.0/8)",
            "10.0.0.0/24 | 10.0.0.0 | 10.0.0.0 | 255.255.255.0 | 0.0.0.255 | 10.0.0.255 | 10.0.0.1 | 10.0.0.254"
                    + " | 254 | 256 | 24 | 00001010.00000000.00000000.00000000"
                    + " | class A, private (RFC 1918 10.0.0.0/8)",
            "10.0.0.1/24 | 10.0.0.1 | 10.0.0.0 | 255.255.255.0 | 0.0.0.255 | 10.0.0.255 | 10.0.0.1 | 10.0.0.254"
                    + " | 254 | 256 | 24 | 00001010.00000000.00000000.00000001"
                    + " | class A, private (RFC 1918 10.0.0.0/8)",
            "192.168.56.10/30 | 192.168.56.10 | 192.168.56.8 | 255.255.255.252 | 0.0.0.3 | 192.168.56.11"
                    + " | 192.168.56.9 | 192.168.56.10 | 2 | 4 | 30 | 11000000.10101000.00111000.00001010"
                    + " | class C, private (RFC 1918 192.168.0.0/16)",
            "172.16.5.4/31 | 172.16.5.4 | 172.16.5.4 | 255.255.255.254 | 0.0.0.1 | 172.16.5.5 | 172.16.5.4"
                    + " | 172.16.5.5 | 2 | 2 | 31 | 10101100.00010000.00000101.00000100"
                    + " | class B, private (RFC 1918 172.16.0.0/12)",
            "8.8.8.8/32 | 8.8.8.8 | 8.8.8.8 | 255.255.255.255 | 0.0.0.0 | 8.8.8.8 | 8.8.8.8 | 8.8.8.8"
                    + " | 1 | 1 | 32 | 00001000.00001000.00001000.00001000 | class A, public",
            "8.8.8.8 | 8.8.8.8 | 8.8.8.8 | 255.255.255.255 | 0.0.0.0 | 8.8.8.8 | 8.8.8.8 | 8.8.8.8"
                    + " | 1 | 1 | 32 | 00001000.00001000.00001000.00001000 | class A, public",
    })
    void everyField(String input, String address, String network, String netmask, String wildcard, String broadcast,
            String first, String last, long usable, long total, int prefix, String binary, String note) {
        NetInfo expected = new NetInfo(address, network, netmask, wildcard, broadcast, first, last, usable, total,
                prefix, binary, note);
        assertEquals(expected, NetInfo.of(Cidr.parse(input)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1/8        | class A, loopback (RFC 1122 127.0.0.0/8)",
            "169.254.10.1/16    | class B, link-local (RFC 3927 169.254.0.0/16)",
            "100.64.3.0/24      | class A, CGNAT shared address space (RFC 6598 100.64.0.0/10)",
            "100.127.255.255    | class A, CGNAT shared address space (RFC 6598 100.64.0.0/10)",
            "100.128.0.0        | class A, public",
            "172.32.0.1         | class B, public",
            "224.0.0.5          | class D, multicast (RFC 5771 224.0.0.0/4)",
            "192.0.2.7          | class C, documentation (RFC 5737 192.0.2.0/24)",
            "240.1.2.3          | class E, reserved (RFC 1112 240.0.0.0/4)",
            "255.255.255.255    | class E, limited broadcast (RFC 919 255.255.255.255/32)",
            "0.1.2.3/16         | class A, \"this network\" (RFC 1122 0.0.0.0/8)",
            "10.0.0.0/7         | class A, public but includes private ranges",
            "192.0.0.0/2        | classes C–E, public but includes limited broadcast, documentation, private,"
                    + " multicast, reserved ranges",
    })
    void notesNameTheClassAndSpecialRange(String input, String note) {
        assertEquals(note, NetInfo.of(Cidr.parse(input)).note());
    }
}
