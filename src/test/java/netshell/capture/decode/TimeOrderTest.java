package netshell.capture.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class TimeOrderTest {
    static final long MS = 1_000_000L;

    @Test
    void anEarlierPacketArrivingLateFromAnotherNodeStillGoesFirst() {
        TimeOrder<String> order = new TimeOrder<>(100 * MS);
        order.add(20 * MS, 1000 * MS, "node1 #1");
        order.add(30 * MS, 1010 * MS, "node1 #2");
        assertEquals(List.of(), order.due(1050 * MS), "held for the window");
        order.add(10 * MS, 1080 * MS, "node2 #1"); // stamped before node1's, came through a slower channel
        assertEquals(List.of(), order.due(1100 * MS), "the earliest has not waited the window yet");
        assertEquals(List.of("node2 #1", "node1 #1", "node1 #2"), order.due(1180 * MS));
        assertEquals(0, order.size());
    }

    @Test
    void equalTimesKeepArrivalOrderAndDrainTakesAll() {
        TimeOrder<String> order = new TimeOrder<>(100 * MS);
        order.add(50, 0, "b");
        order.add(50, 1, "c");
        order.add(10, 2, "a");
        assertEquals(List.of("a", "b", "c"), order.drain());
        assertEquals(List.of(), order.drain());
    }
}
