package netshell.remote.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Round trips from real ping output (iputils and busybox). */
class PingOutputTest {
    @Test
    void readsTheRoundTrip() {
        assertEquals(0.045, PingOutput.rttMs("""
                PING 10.0.0.129 (10.0.0.129) 56(84) bytes of data.
                64 bytes from 10.0.0.129: icmp_seq=1 ttl=64 time=0.045 ms

                --- 10.0.0.129 ping statistics ---
                1 packets transmitted, 1 received, 0% packet loss, time 0ms
                """));
        assertEquals(12.0, PingOutput.rttMs("64 bytes from 10.0.0.1: seq=0 ttl=64 time=12 ms"));
        assertEquals(0.001, PingOutput.rttMs("64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time<0.001 ms"));
    }

    @Test
    void noReplyNoRoundTrip() {
        assertNull(PingOutput.rttMs("""
                PING 10.0.0.193 (10.0.0.193) 56(84) bytes of data.

                --- 10.0.0.193 ping statistics ---
                1 packets transmitted, 0 received, 100% packet loss, time 0ms
                """));
    }
}
