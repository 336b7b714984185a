package netshell.capture.decode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The pcapng blocks a merged capture is made of, each a whole block as bytes (little-endian): a section header,
 * one interface description per node and interface (if_name {@code node1:eth1}, nanosecond if_tsresol), and
 * enhanced packets with an optional comment. A file cut after any whole block is a valid pcapng file.
 */
public final class PcapngBlocks {
    static final int SECTION_HEADER = 0x0A0D0D0A;
    static final int INTERFACE_DESCRIPTION = 1;
    static final int ENHANCED_PACKET = 6;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final short OPT_END = 0;
    private static final short OPT_COMMENT = 1;
    private static final short SHB_USERAPPL = 4;
    private static final short IF_NAME = 2;
    private static final short IF_TSRESOL = 9;
    /** An option's length is 16 bits. */
    private static final int MAX_OPTION = 0xFFFC;
    /** if_tsresol 9: timestamps count nanoseconds. */
    private static final byte NANOSECONDS = 9;

    private PcapngBlocks() {}

    /** The section header: version 1.0, section length unknown (-1, as when streaming), the writing application. */
    public static byte[] sectionHeader(String application) {
        Options o = new Options().add(SHB_USERAPPL, utf8(application));
        ByteBuffer b = block(SECTION_HEADER, 16 + o.length());
        b.putInt(BYTE_ORDER_MAGIC).putShort((short) 1).putShort((short) 0).putLong(-1L);
        return finish(b, o);
    }

    /** An interface: its link type and snapshot length from the node's pcap header, its name, nanosecond time. */
    public static byte[] interfaceDescription(int linkType, int snapLength, String name) {
        Options o = new Options().add(IF_NAME, utf8(name)).add(IF_TSRESOL, new byte[]{NANOSECONDS});
        ByteBuffer b = block(INTERFACE_DESCRIPTION, 8 + o.length());
        b.putShort((short) linkType).putShort((short) 0).putInt(snapLength);
        return finish(b, o);
    }

    /** A packet of interface {@code interfaceId} (the order its description was written in, from 0). */
    public static byte[] enhancedPacket(int interfaceId, long timeNanos, byte[] data, int originalLength,
            String comment) {
        Options o = new Options();
        if (comment != null && !comment.isEmpty()) o.add(OPT_COMMENT, utf8(comment));
        ByteBuffer b = block(ENHANCED_PACKET, 20 + padded(data.length) + o.length());
        b.putInt(interfaceId).putInt((int) (timeNanos >>> 32)).putInt((int) timeNanos).putInt(data.length)
                .putInt(originalLength).put(data);
        b.position(b.position() + padded(data.length) - data.length);
        return finish(b, o);
    }

    /** A block's buffer with its type and total length written: 12 bytes of framing around the body. */
    private static ByteBuffer block(int type, int body) {
        int total = 12 + body;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        return b.putInt(type).putInt(total);
    }

    private static byte[] finish(ByteBuffer b, Options o) {
        o.writeTo(b);
        b.putInt(b.capacity());
        return b.array();
    }

    static int padded(int length) { return (length + 3) & ~3; }

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    /** A block's options, each padded to 4 bytes, closed by opt_endofopt when there is any. */
    private static final class Options {
        private record Option(short code, byte[] value) {}

        private final List<Option> items = new ArrayList<>();
        private int length;

        Options add(short code, byte[] value) {
            byte[] v = value.length > MAX_OPTION ? Arrays.copyOf(value, MAX_OPTION) : value;
            items.add(new Option(code, v));
            length += 4 + padded(v.length);
            return this;
        }

        int length() { return length == 0 ? 0 : length + 4; }

        void writeTo(ByteBuffer b) {
            if (length == 0) return;
            for (Option o : items) {
                byte[] v = o.value();
                b.putShort(o.code()).putShort((short) v.length).put(v);
                b.position(b.position() + padded(v.length) - v.length);
            }
            b.putShort(OPT_END).putShort((short) 0);
        }
    }
}
