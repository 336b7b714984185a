package netshell.capture.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import netshell.core.BadInput;
import netshell.kernel.IfName;

/**
 * Decodes `tcpdump -l -nn -e` output. tcpdump prints a VXLAN packet as two lines, the outer frame
 * ending in "vni N" and then the inner frame without a timestamp, so decoding keeps one pending
 * outer line: feed lines one at a time as they stream in, and flush at the end.
 */
public final class TcpdumpLine {
    private static final Pattern FRAME = Pattern.compile(
            "^(?:(\\d{2}:\\d{2}:\\d{2}\\.\\d+) )?([0-9a-f]{2}(?::[0-9a-f]{2}){5}) > ([0-9a-f]{2}(?::[0-9a-f]{2}){5}), "
                    + "ethertype (\\S+) \\(0x[0-9a-f]+\\), length \\d+: (.*)$");
    private static final Pattern ENDPOINTS = Pattern.compile("^(\\S+) > (\\S+?): (.*)$");
    private static final Pattern VXLAN = Pattern
            .compile("^VXLAN, flags \\[[^\\]]*\\] \\(0x[0-9a-f]+\\), vni (\\d+)\\s*(.*)$");
    private static final Pattern PROTOCOL_WORD = Pattern.compile("[A-Z][A-Za-z0-9]*");

    private String pendingTime;
    private Frame pendingOuter;
    private String pendingRaw;

    /** Packets completed by this line (none while a VXLAN outer line waits for its inner frame). */
    public List<Packet> feed(String line) {
        List<Packet> out = new ArrayList<>();
        Frame frame = Frame.of(line);
        if (pendingOuter != null) {
            if (frame != null && frame.time == null) { // the inner frame of the pending VXLAN packet
                out.add(vxlan(pendingTime, pendingOuter, frame, pendingRaw + "\n" + line));
                pendingOuter = null;
                return out;
            }
            out.addAll(flush());
        }
        if (frame == null) {
            out.add(new Packet(null, null, null, null, null, null, null, null, line));
            return out;
        }
        Matcher vx = frame.endpoints ? VXLAN.matcher(frame.payload) : null;
        if (vx != null && vx.matches()) {
            if (!vx.group(2).isEmpty()) { // some tcpdump builds print the inner frame on the same line
                Frame inner = Frame.of(vx.group(2));
                out.add(vxlan(frame.time, frame, inner, line));
            } else {
                pendingTime = frame.time;
                pendingOuter = frame;
                pendingRaw = line;
            }
            return out;
        }
        out.add(new Packet(frame.time, frame.src, frame.dst, null, null, null, frame.protocol(), frame.payload, line));
        return out;
    }

    /** A VXLAN outer line whose inner frame never came. */
    public List<Packet> flush() {
        if (pendingOuter == null) return List.of();
        Frame outer = pendingOuter;
        pendingOuter = null;
        return List.of(new Packet(pendingTime, host(outer.src), host(outer.dst), vniOf(outer), null, null, "VXLAN",
                outer.payload, pendingRaw));
    }

    /** Decodes a whole capture. */
    public static List<Packet> decode(List<String> lines) {
        TcpdumpLine decoder = new TcpdumpLine();
        List<Packet> out = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) out.addAll(decoder.feed(line));
        }
        out.addAll(decoder.flush());
        return out;
    }

    /**
     * Matches VXLAN packets of one VNI: the VNI is the top 24 bits of the second header word (udp[12:4]). BPF's
     * udp[] reads IPv4 only, so over an IPv6 underlay the same word is read at ip6[40 + 12] (the 40-byte IPv6
     * header, UDP right after it, as the kernel sends VXLAN).
     */
    public static String vniFilter(int vni) {
        checkVni(vni);
        return String.format("(udp[12:4] & 0xffffff00 = 0x%08x or ip6[52:4] & 0xffffff00 = 0x%08x)", vni << 8,
                vni << 8);
    }

    /** The BPF filter: VXLAN port, optionally one VNI, optionally a further filter on the outer packet. */
    public static String filter(int port, Integer vni, String extraFilter) {
        if (port < 1 || port > 65535) throw new BadInput("UDP port " + port + " is outside 1..65535");
        StringBuilder f = new StringBuilder("udp port ").append(port);
        if (vni != null) f.append(" and ").append(vniFilter(vni));
        if (extraFilter != null && !extraFilter.isBlank()) f.append(" and (").append(extraFilter.strip()).append(")");
        return f.toString();
    }

    /** Line-buffered, numeric, with link-level headers (needed to see the inner frame's MACs). */
    public static List<String> captureArgv(String dev, int port, Integer vni, String extraFilter, Integer count) {
        IfName.check(dev, "capture device");
        List<String> argv = new ArrayList<>(List.of("tcpdump", "-l", "-nn", "-e", "-i", dev));
        if (count != null) {
            if (count < 1) throw new BadInput("packet count " + count + " must be at least 1");
            argv.add("-c");
            argv.add(String.valueOf(count));
        }
        argv.add(filter(port, vni, extraFilter));
        return List.copyOf(argv);
    }

    private static void checkVni(int vni) {
        if (vni < 1 || vni > 0xFFFFFF) throw new BadInput("VNI " + vni + " is outside 1..16777215");
    }

    private static Packet vxlan(String time, Frame outer, Frame inner, String raw) {
        Integer vni = vniOf(outer);
        if (inner == null)
            return new Packet(time, host(outer.src), host(outer.dst), vni, null, null, "VXLAN", outer.payload, raw);
        return new Packet(time, host(outer.src), host(outer.dst), vni, inner.src, inner.dst, inner.protocol(),
                inner.payload, raw);
    }

    private static Integer vniOf(Frame outer) {
        Matcher m = VXLAN.matcher(outer.payload);
        return m.matches() ? Integer.valueOf(m.group(1)) : null;
    }

    /** "192.168.56.10.4789" -> "192.168.56.10"; the outer source port is random and says nothing. */
    static String host(String endpoint) {
        int dot = endpoint.lastIndexOf('.');
        if (dot < 0 || !endpoint.substring(dot + 1).matches("\\d+")) return endpoint;
        boolean v4WithPort = endpoint.chars().filter(c -> c == '.').count() == 4;
        boolean v6WithPort = endpoint.contains(":");
        return v4WithPort || v6WithPort ? endpoint.substring(0, dot) : endpoint;
    }

    /** One Ethernet frame as printed by -e: addresses are IP endpoints for IP, MACs otherwise. */
    private record Frame(String time, String ethertype, String src, String dst, String payload, boolean endpoints) {
        static Frame of(String line) {
            Matcher m = FRAME.matcher(line);
            if (!m.matches()) return null;
            String ethertype = m.group(4);
            String rest = m.group(5);
            if (ethertype.startsWith("IPv")) {
                Matcher e = ENDPOINTS.matcher(rest);
                if (e.matches()) return new Frame(m.group(1), ethertype, e.group(1), e.group(2), e.group(3), true);
            }
            return new Frame(m.group(1), ethertype, m.group(2), m.group(3), rest, false);
        }

        /** TCP shows as "Flags [..]", IPv6 extension headers precede the protocol (HBH ICMP6). */
        String protocol() {
            if (!endpoints) return ethertype;
            String[] words = payload.split("[ ,]+");
            int i = words.length > 1 && words[0].equals("HBH") ? 1 : 0;
            String word = words.length == 0 ? "" : words[i];
            if (word.equals("Flags")) return "TCP";
            if (PROTOCOL_WORD.matcher(word).matches() && word.equals(word.toUpperCase()) || word.equals("UDP"))
                return word;
            return ethertype;
        }
    }
}
