package netshell.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import netshell.capture.decode.PcapReader;
import netshell.capture.decode.PcapngBlocks;
import netshell.capture.decode.TimeOrder;
import netshell.capture.decode.VxlanPeek;
import netshell.core.DaemonThreads;

/**
 * One pcapng stream made of the pcap streams of many nodes: an interface description per node and interface
 * ({@code node1:eth1}) when its stream starts, then every node's packets in one time order (held for a short
 * window, so that a packet from a slower channel still takes its place), VXLAN packets commented with their VNI
 * and inner endpoints. Only whole blocks are written and the stream is flushed as packets go, so whatever stops
 * the capture leaves a valid file.
 */
final class PcapngCapture {
    /**
     * How long a packet waits for earlier ones from other nodes: tcpdump runs in immediate mode, so this covers
     * a node's pipe or channel and a busy machine, and is still short for a live view.
     */
    static final long WINDOW_NANOS = 500_000_000L;
    private static final long TICK_MILLIS = 50;

    private record Pending(int interfaceId, PcapReader.Record record, String comment) {}

    private final OutputStream out;
    private final boolean closeAtEnd;
    private final Integer vxlanPort;
    private final Runnable onWriteFailure;
    private final TimeOrder<Pending> order = new TimeOrder<>(WINDOW_NANOS);
    private final Map<String, Integer> packets = new LinkedHashMap<>();
    private final Thread ticker;
    private int interfaces;
    private IOException failure;
    private volatile boolean stopping;
    private boolean finished;

    /**
     * {@code vxlanPort}: comment VXLAN packets to this UDP port (null: no comments); {@code closeAtEnd}: false for
     * standard output, which is flushed and left open; {@code onWriteFailure}: stops the capture (the reader of a
     * pipe went away, the disk is full).
     */
    PcapngCapture(OutputStream out, boolean closeAtEnd, Integer vxlanPort, Runnable onWriteFailure) {
        this.out = out;
        this.closeAtEnd = closeAtEnd;
        this.vxlanPort = vxlanPort;
        this.onWriteFailure = onWriteFailure;
        synchronized (this) {
            write(PcapngBlocks.sectionHeader("netshell"));
            flush();
        }
        this.ticker = DaemonThreads.start("pcapng-writer", this::tick);
    }

    /** The sink of one node's {@code tcpdump -w -} bytes; its interface is described when its header comes. */
    final class NodeFeed implements Consumer<byte[]> {
        private final String interfaceName;
        private final PcapReader reader = new PcapReader();
        private int interfaceId = -1;
        private String error;

        NodeFeed(String interfaceName) { this.interfaceName = interfaceName; }

        @Override
        public void accept(byte[] bytes) {
            if (error != null) return;
            List<PcapReader.Record> records;
            try {
                records = reader.feed(bytes);
            } catch (IllegalArgumentException e) {
                error = e.getMessage();
                return;
            }
            if (reader.header() == null) return;
            long now = System.nanoTime();
            int linkType = reader.header().linkType();
            synchronized (PcapngCapture.this) {
                if (interfaceId < 0) {
                    interfaceId = interfaces++;
                    write(PcapngBlocks.interfaceDescription(linkType, reader.header().snapLength(), interfaceName));
                }
                for (PcapReader.Record r : records) {
                    order.add(r.timeNanos(), now, new Pending(interfaceId, r, comment(linkType, r)));
                    packets.merge(interfaceName, 1, Integer::sum);
                }
            }
        }

        /** Why this node's bytes were not a capture, or null. */
        String error() { return error; }
    }

    /** Feeds are counted in the order they are made (the nodes' order), from 0 packets. */
    synchronized NodeFeed feed(String interfaceName) {
        packets.put(interfaceName, 0);
        return new NodeFeed(interfaceName);
    }

    private String comment(int linkType, PcapReader.Record r) {
        if (vxlanPort == null) return null;
        return VxlanPeek.of(linkType, r.data(), vxlanPort).map(VxlanPeek::comment).orElse(null);
    }

    private void tick() {
        while (!stopping) {
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return; // finish() writes what is left
            }
            synchronized (this) {
                if (stopping) return;
                writeAll(order.due(System.nanoTime()));
                flush();
            }
        }
    }

    /** The capture stopped: every packet still held is written, the stream flushed (and closed for a file). */
    Map<String, Integer> finish() throws IOException {
        stopping = true;
        ticker.interrupt();
        try {
            ticker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // cancelled again: still write what we have, below
        }
        synchronized (this) {
            if (!finished) {
                writeAll(order.drain());
                flush();
                try {
                    if (closeAtEnd) out.close();
                } catch (IOException e) {
                    if (failure == null) failure = e;
                }
                finished = true; // late bytes from a node being stopped are not written after the end
            }
            if (failure != null) throw failure;
            return new LinkedHashMap<>(packets);
        }
    }

    private void writeAll(List<Pending> due) {
        for (Pending p : due) {
            PcapReader.Record r = p.record();
            write(PcapngBlocks.enhancedPacket(p.interfaceId(), r.timeNanos(), r.data(), r.originalLength(),
                    p.comment()));
        }
    }

    private void write(byte[] block) {
        if (failure != null || finished) return;
        try {
            out.write(block);
        } catch (IOException e) {
            failed(e);
        }
    }

    private void flush() {
        if (failure != null || finished) return;
        try {
            out.flush();
        } catch (IOException e) {
            failed(e);
        }
    }

    private void failed(IOException e) {
        failure = e;
        DaemonThreads.start("pcapng-stop", onWriteFailure); // not under this lock: stopping waits for the readers
    }
}
