package netshell.lb.rules;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.core.BadInput;

class ServiceSpecTest {
    static final Endpoint VIP = Endpoint.parse("192.168.10.10:80");
    static final Endpoint B1 = Endpoint.parse("10.0.0.2:80");
    static final Endpoint B2 = Endpoint.parse("10.0.0.3:80");

    @Test
    void normalisesProtocolAndKeepsBackendOrder() {
        var s = new ServiceSpec(VIP, "TCP", List.of(B2, B1));
        assertEquals("tcp", s.proto());
        assertEquals(List.of(B2, B1), s.backends());
        assertEquals("192.168.10.10:80/tcp", s.key());
    }

    @Test
    void rejectsBadServices() {
        assertThrows(BadInput.class, () -> new ServiceSpec(VIP, "icmp", List.of(B1)));
        assertThrows(BadInput.class, () -> new ServiceSpec(VIP, null, List.of(B1)));
        assertThrows(BadInput.class, () -> new ServiceSpec(VIP, "tcp", List.of()));
        assertThrows(BadInput.class, () -> new ServiceSpec(VIP, "tcp", null));
        assertThrows(BadInput.class, () -> new ServiceSpec(VIP, "tcp", List.of(B1, B2, B1)));
        assertThrows(BadInput.class, () -> new ServiceSpec(VIP, "udp", List.of(B1, VIP)));
    }

    @Test
    void addsAndRemovesBackendsAsNewSpecs() {
        var one = new ServiceSpec(VIP, "tcp", List.of(B1));
        var two = one.withBackend(B2);
        assertEquals(List.of(B1, B2), two.backends());
        assertEquals(List.of(B1), one.backends(), "the original is unchanged");
        assertEquals(List.of(B2), two.withoutBackend(B1).backends());
        assertThrows(BadInput.class, () -> two.withBackend(B1));
        assertThrows(BadInput.class, () -> one.withBackend(VIP));
        assertThrows(BadInput.class, () -> one.withoutBackend(B2));
        assertThrows(BadInput.class, () -> one.withoutBackend(B1), "last backend");
    }

    @Test
    void backendListCannotBeChangedFromOutside() {
        var list = new ArrayList<>(List.of(B1));
        var s = new ServiceSpec(VIP, "tcp", list);
        list.add(B2);
        assertEquals(List.of(B1), s.backends());
        assertThrows(UnsupportedOperationException.class, () -> s.backends().add(B2));
    }
}
