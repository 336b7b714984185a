package netshell.overlay.plan;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.kernel.IfAddress;

/** The path MTU probe: which peers need it, its argv, and the MTU read from what iputils' ping prints. */
class PathMtuTest {
    @Test
    void onlyPeersBehindARouterAreProbed() {
        List<IfAddress> own = List.of(new IfAddress("eth1", "inet", "10.20.1.10", 24));
        assertTrue(PathMtu.onLink(own, "10.20.1.99"));
        assertFalse(PathMtu.onLink(own, "10.20.2.10"));
        assertEquals(List.of("ping", "-M", "do", "-n", "-c", "1", "-W", "1", "-s", "1472", "10.20.2.10"),
                PathMtu.probe("10.20.2.10", 1500));
    }

    @Test
    void theMtuARouterOrTheKernelNames() {
        assertEquals(1400, PathMtu.said("""
                PING 10.20.2.10 (10.20.2.10) 1472(1500) bytes of data.
                From 10.20.1.1 icmp_seq=1 Frag needed and DF set (mtu = 1400)

                --- 10.20.2.10 ping statistics ---
                1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms
                """));
        assertEquals(1400, PathMtu.said("ping: local error: message too long, mtu=1400\n"));
        assertNull(PathMtu.said("1 packets transmitted, 1 received, 0% packet loss, time 0ms\n"),
                "a reply: the path carries the device's size");
    }
}
