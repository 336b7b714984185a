package netshell.lb.rules;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import netshell.core.BadInput;

class EndpointTest {

    @Test
    void parsesAddressAndPort() {
        Endpoint e = Endpoint.parse(" 10.0.0.2:80 ");
        assertEquals(new Endpoint("10.0.0.2", 80), e);
        assertEquals("10.0.0.2:80", e.toString());
        assertEquals(65535, Endpoint.parse("255.255.255.254:65535").port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.2", "10.0.0.2:", "10.0.0.2:0", "10.0.0.2:70000", "10.0.0.2:65536",
            "10.0.0.2:-1", "10.0.0.2:8x", "10.0.0.256:80", "10.0.0:80", "10.0.0.2.1:80", "abc:80", ":80",
            "010.0.0.2:80", "10.0..2:80", "0.0.0.0:80", "10.0.0.2:80:90", "::1:80", "[10.0.0.2]:80",
            "[fe80::1%eth0]:80", "[::]:80", "[fd00::41]", "[fd00::41]:0", "[fd00::g]:80", "[fd00::/64]:80"})
    void rejectsBadInputWithOneLine(String text) {
        BadInput e = assertThrows(BadInput.class, () -> Endpoint.parse(text));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void constructorValidatesToo() {
        assertThrows(BadInput.class, () -> new Endpoint("10.0.0.2", 0));
        assertThrows(BadInput.class, () -> new Endpoint(null, 80));
    }
}
