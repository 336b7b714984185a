package netshell.capture.decode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a libpcap stream (what {@code tcpdump -w -} writes) as it arrives: feed chunks as they come, take the
 * records they complete. Both byte orders and both timestamp resolutions (micro- and nanosecond magic) are read;
 * a record cut off by the end of a chunk waits for the next one, so a stream killed mid-record yields only whole
 * records.
 */
public final class PcapReader {
    /** The file header: link type (1 Ethernet, 113/276 Linux cooked) and snapshot length of the capture. */
    public record Header(ByteOrder order, boolean nanos, int snapLength, int linkType) {}

    /** One packet: its time in nanoseconds since the epoch, its length on the wire and the bytes captured. */
    public record Record(long timeNanos, int originalLength, byte[] data) {}

    private static final int HEADER = 24;
    private static final int RECORD_HEADER = 16;
    /** No capture has larger packets (tcpdump's largest snapshot is 256 KiB): beyond that the stream is corrupt. */
    private static final int MAX_RECORD = 1 << 24;

    private byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private Header header;

    /** The header once its 24 bytes have arrived, else null. */
    public Header header() { return header; }

    /** Bytes held that do not yet make a whole record (a record cut off when the stream ended). */
    public int pending() {
        return end - start;
    }

    /** The records completed by {@code chunk}; throws IllegalArgumentException when the bytes are not pcap. */
    public List<Record> feed(byte[] chunk) {
        return feed(chunk, 0, chunk.length);
    }

    public List<Record> feed(byte[] chunk, int offset, int length) {
        append(chunk, offset, length);
        List<Record> out = new ArrayList<>();
        if (header == null) {
            if (end - start < HEADER) return out;
            header = readHeader(ByteBuffer.wrap(buffer, start, HEADER));
            start += HEADER;
        }
        while (end - start >= RECORD_HEADER) {
            ByteBuffer b = ByteBuffer.wrap(buffer, start, RECORD_HEADER).order(header.order());
            long seconds = Integer.toUnsignedLong(b.getInt());
            long fraction = Integer.toUnsignedLong(b.getInt());
            int captured = b.getInt();
            int original = b.getInt();
            if (captured < 0 || captured > MAX_RECORD)
                throw new IllegalArgumentException("pcap record of " + Integer.toUnsignedString(captured)
                        + " bytes: the stream is corrupt");
            if (end - start < RECORD_HEADER + captured) break;
            byte[] data = new byte[captured];
            System.arraycopy(buffer, start + RECORD_HEADER, data, 0, captured);
            start += RECORD_HEADER + captured;
            long nanos = seconds * 1_000_000_000L + (header.nanos() ? fraction : fraction * 1000);
            out.add(new Record(nanos, original, data));
        }
        return out;
    }

    private static Header readHeader(ByteBuffer b) {
        int magic = b.order(ByteOrder.BIG_ENDIAN).getInt(b.position());
        ByteOrder order;
        boolean nanos;
        switch (magic) {
            case 0xa1b2c3d4 -> { order = ByteOrder.BIG_ENDIAN; nanos = false; }
            case 0xa1b23c4d -> { order = ByteOrder.BIG_ENDIAN; nanos = true; }
            case 0xd4c3b2a1 -> { order = ByteOrder.LITTLE_ENDIAN; nanos = false; }
            case 0x4d3cb2a1 -> { order = ByteOrder.LITTLE_ENDIAN; nanos = true; }
            default -> throw new IllegalArgumentException(String.format("not a pcap stream (magic 0x%08x)", magic));
        }
        b.order(order);
        int base = b.position();
        int snap = b.getInt(base + 16);
        int network = b.getInt(base + 20);
        return new Header(order, nanos, snap, network & 0xFFFF); // the upper bits carry FCS flags, not the type
    }

    private void append(byte[] chunk, int offset, int length) {
        if (end + length > buffer.length) {
            int held = end - start;
            byte[] target = held + length > buffer.length
                    ? new byte[Math.max(buffer.length * 2, held + length)]
                    : buffer;
            System.arraycopy(buffer, start, target, 0, held);
            buffer = target;
            start = 0;
            end = held;
        }
        System.arraycopy(chunk, offset, buffer, end, length);
        end += length;
    }
}
