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

    @Test
    void aVipOnTheUnderlayIsNotTheVtepAddress() {
        // ip lists the newest IPv6 address first: lb add-vip's /128 comes before the node's own address.
        NodeState v6 = new NodeState(List.of(), List.of(), List.of(new IfAddress("eth1", "inet6", "fd56::100", 128),
                new IfAddress("eth1", "inet6", "fd56::a", 64), new IfAddress("eth1", "inet6", "fe80::1", 64)),
                List.of());
        assertEquals("fd56::a", v6.underlayAddress6("eth1"));
        NodeState v4 = new NodeState(List.of(), List.of(), List.of(new IfAddress("eth1", "inet", "192.168.56.100", 32),
                new IfAddress("eth1", "inet", "192.168.56.10", 24)), List.of());
        assertEquals("192.168.56.10", v4.underlayAddress("eth1", "127.0.0.1"), "reached another way: not the VIP");
        assertEquals("192.168.56.100", v4.underlayAddress("eth1", "192.168.56.100"), "reached at it: that one");
        NodeState only = new NodeState(List.of(), List.of(), List.of(new IfAddress("eth1", "inet6", "fd56::100",
                128)), List.of());
        assertEquals("fd56::100", only.underlayAddress6("eth1"), "a /128 alone is still the node's address");
    }
}
