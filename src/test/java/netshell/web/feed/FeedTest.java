package netshell.web.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The web view's pure parts: /proc/net/dev as a node prints it, rates between samples, event text. */
class FeedTest {
    static final String NET_DEV = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls \
            carrier compressed
                lo:    3193      29    0    0    0     0          0         0     3193      29    0    0    0     0  \
                 0          0
              eth1: 1500000    1200    0    0    0     0          0         3   900000     800    0    0    0     0  \
                 0          0
            vxlan0:      98       1    0    0    0     0          0         0        0       0    0    0    0     0  \
                 0          0
            """;

    @Test
    void eachInterfaceHasItsBytesAndPacketsBothWays() {
        Map<String, Counters> c = NetDev.parse(NET_DEV);
        assertEquals(List.of("lo", "eth1", "vxlan0"), List.copyOf(c.keySet()));
        assertEquals(new Counters(1500000, 1200, 900000, 800), c.get("eth1"));
    }

    @Test
    void ratesArePerSecondAndARecreatedDeviceIsNoNegativeRate() {
        Map<String, Counters> before = Map.of("eth1", new Counters(1000, 10, 500, 5), "vx", new Counters(900, 9, 9, 9));
        Map<String, Counters> after = Map.of("eth1", new Counters(3000, 30, 1500, 7), "vx", new Counters(10, 1, 1, 1),
                "new0", new Counters(5, 5, 5, 5));
        Map<String, Rate> r = Rate.between(before, after, 2.0);
        assertEquals(new Rate(1000, 500, 10, 1), r.get("eth1"));
        assertEquals(new Rate(0, 0, 0, 0), r.get("vx"));
        assertEquals(2, r.size(), "a device not in the sample before has no rate yet");
    }

    @Test
    void anEventsDataLinesAreEachPrefixed() {
        assertEquals("event: lesson\ndata: {\"a\":1,\ndata: \"b\":2}\n\n", new SseEvent("lesson", "{\"a\":1,\n\"b\":2}")
                .text());
        assertThrows(IllegalArgumentException.class, () -> new SseEvent("a\nb", "x"));
    }
}
