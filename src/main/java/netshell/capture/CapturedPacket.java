package netshell.capture;

import java.util.LinkedHashMap;
import java.util.Map;

import netshell.capture.decode.Packet;
import netshell.command.Displayable;

/** One decoded packet of {@code tcpdump}, as a live row: fixed-width text so that rows from many nodes line up. */
public record CapturedPacket(String time, String node, String outer, Integer vni, String inner, String protocol,
        String summary)
        implements
            Displayable {

    static CapturedPacket of(String node, Packet p) {
        String outer = p.outerSrc() == null ? "" : p.outerSrc() + " → " + p.outerDst();
        String inner = p.innerSrc() == null ? "" : p.innerSrc() + " → " + p.innerDst();
        return new CapturedPacket(p.time() == null ? "" : p.time(), node, outer, p.vni(), inner,
                p.protocol() == null ? "" : p.protocol(), p.summary() == null ? p.raw() : p.summary());
    }

    @Override
    public String text() {
        return String.format("%-15s %-6s %-33s %-8s %-40s %-5s %s", time, node, outer, vni == null ? "-" : "vni " + vni,
                inner, protocol, summary == null ? "" : summary).stripTrailing();
    }

    @Override
    public Object data() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", time);
        m.put("node", node);
        m.put("outer", outer);
        m.put("vni", vni);
        m.put("inner", inner);
        m.put("protocol", protocol);
        m.put("summary", summary);
        return m;
    }
}
