package netshell.addr.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import netshell.core.BadInput;

class Ipv4Test {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "0.0.0.0,          0",
            "10.0.0.1,         167772161",
            "127.0.0.1,        2130706433",
            "192.168.56.10,    -1062717430",
            "255.255.255.255,  -1",
    })
    void parsesAndFormatsBackToTheSameText(String dotted, int value) {
        assertEquals(value, Ipv4.parse(dotted));
        assertEquals(dotted, Ipv4.format(value));
    }

    @Test
    void binaryShowsEightBitsPerOctet() {
        assertEquals("00001010.00000000.00000000.00000001", Ipv4.binary(Ipv4.parse("10.0.0.1")));
        assertEquals("11111111.11111111.11111111.00000000", Ipv4.binary(Ipv4.parse("255.255.255.0")));
        assertEquals("00000000.00000000.00000000.00000000", Ipv4.binary(0));
    }

    @Test
    void toLongIsUnsigned() {
        assertEquals(4294967295L, Ipv4.toLong(-1));
        assertEquals(3232249866L, Ipv4.toLong(Ipv4.parse("192.168.56.10")));
        assertEquals(167772161L, Ipv4.toLong(Ipv4.parse("10.0.0.1")));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "''                           | empty address",
            "abc                          | abc: not an IPv4 address",
            "+10.0.0.1                    | +10.0.0.1: not an IPv4 address",
            "-1.0.0.1                     | -1.0.0.1: not an IPv4 address",
            "10.0.0.1/24                  | 10.0.0.1/24: not an IPv4 address",
            "'10.0.0.1 '                  | \"10.0.0.1 \": not an IPv4 address (spaces are not allowed)",
            "10.0.0                       | 10.0.0: an IPv4 address has four octets",
            "1.2.3.4.5                    | 1.2.3.4.5: an IPv4 address has four octets",
            "10..0.1                      | 10..0.1: empty octet (two dots in a row, or a dot at an end)",
            "10.0.0.                      | 10.0.0.: empty octet (two dots in a row, or a dot at an end)",
            "10.0.0.256                   | 10.0.0.256: octet 256 is out of range 0..255",
            "10.0.0.1000                  | 10.0.0.1000: octet 1000 is out of range 0..255",
            "1.2.3.99999999999999999999   | 1.2.3.99999999999999999999:"
                    + " octet 99999999999999999999 is out of range 0..255",
            "010.0.0.1                    | 010.0.0.1: octet 010 has a leading zero (some tools read it as octal)",
            "١٠.0.0.1                     | ١٠.0.0.1: not an IPv4 address",
    })
    void rejectsWithOneClearLine(String input, String message) {
        assertEquals(message, assertThrows(BadInput.class, () -> Ipv4.parse(input)).getMessage());
    }

    @Test
    void nullIsAnEmptyAddress() {
        assertEquals("empty address", assertThrows(BadInput.class, () -> Ipv4.parse(null)).getMessage());
    }

    @Test
    void messagesEscapeLineBreaksAndShortenLongInput() {
        assertEquals("\"1.2\\u000a.3.4\": not an IPv4 address (spaces are not allowed)",
                assertThrows(BadInput.class, () -> Ipv4.parse("1.2\n.3.4")).getMessage());
        String longInput = "1".repeat(60);
        assertEquals("1".repeat(40) + "…: an IPv4 address has four octets",
                assertThrows(BadInput.class, () -> Ipv4.parse(longInput)).getMessage());
    }
}
