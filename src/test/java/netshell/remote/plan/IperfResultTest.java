package netshell.remote.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** iperf3 -J summaries (trimmed to the fields read) for TCP, UDP and errors. */
class IperfResultTest {
    @Test
    void tcpRatesAndRetransmits() {
        IperfResult r = IperfResult.parse("""
                {"start": {}, "intervals": [],
                 "end": {"sum_sent": {"seconds": 3.0, "bytes": 3529500000, "bits_per_second": 9412000000.5,
                                      "retransmits": 17},
                         "sum_received": {"seconds": 3.0, "bytes": 3529000000, "bits_per_second": 9410000000}}}
                """, false);
        assertEquals(new IperfResult(9412000000.5, 9410000000.0, 17L, null, null), r);
        assertEquals("9.41 Gbit/s", IperfResult.rate(r.sentBps()));
        assertEquals("941 Mbit/s", IperfResult.rate(941_000_000));
        assertEquals("12.00 kbit/s", IperfResult.rate(12_000));
    }

    @Test
    void udpLossAndJitter() {
        IperfResult r = IperfResult.parse("""
                {"end": {"sum": {"bits_per_second": 1048576, "lost_percent": 2.5, "jitter_ms": 0.012}}}
                """, true);
        assertEquals(new IperfResult(1048576, 1048576 * 0.975, null, 2.5, 0.012), r);
    }

    @Test
    void iperfErrorsAndNoiseAreIllegalArguments() {
        assertEquals("iperf3: unable to connect to server: Connection refused",
                assertThrows(IllegalArgumentException.class, () -> IperfResult.parse(
                        "{\"start\": {}, \"error\": \"unable to connect to server: Connection refused\"}", false))
                        .getMessage());
        assertEquals("iperf3 printed no JSON: iperf3: command not found", assertThrows(
                IllegalArgumentException.class, () -> IperfResult.parse("iperf3: command not found\n", false))
                .getMessage());
    }
}
