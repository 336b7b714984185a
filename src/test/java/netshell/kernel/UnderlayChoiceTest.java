package netshell.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class UnderlayChoiceTest {
    static final List<IfAddress> VAGRANT = List.of(
            new IfAddress("lo", "inet", "127.0.0.1", 8),
            new IfAddress("eth0", "inet", "10.0.2.15", 24),
            new IfAddress("eth1", "inet", "192.168.56.10", 24),
            new IfAddress("docker0", "inet", "172.17.0.1", 16),
            new IfAddress("nsbr0", "inet", "10.0.0.1", 24));

    @Test
    void theInterfaceHoldingTheReachAddress() {
        assertEquals("eth1", UnderlayChoice.choose(VAGRANT, "192.168.56.10", "eth0"));
        assertEquals("eth0", UnderlayChoice.choose(VAGRANT, "10.0.2.15", "eth0"));
    }

    @Test
    void portForwardedVagrantNodeUsesItsPrivateNetwork() {
        assertEquals("eth1", UnderlayChoice.choose(VAGRANT, "127.0.0.1", "eth0"));
    }

    @Test
    void otherwiseTheDefaultRoute() {
        assertEquals("eth0", UnderlayChoice.choose(VAGRANT, "203.0.113.7", "eth0"),
                "a NATed address seen from outside");
        List<IfAddress> three = List.of(new IfAddress("eth0", "inet", "10.0.2.15", 24),
                new IfAddress("eth1", "inet", "192.168.56.10", 24), new IfAddress("eth2", "inet", "192.168.57.10", 24));
        assertEquals("eth0", UnderlayChoice.choose(three, "127.0.0.1", "eth0"), "two candidates: no guess");
        assertEquals(null, UnderlayChoice.choose(List.of(), "127.0.0.1", null));
    }
}
