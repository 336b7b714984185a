package netshell.capture.decode;

/**
 * One captured packet. For VXLAN, outer* are the VTEP addresses and inner* the endpoints of the
 * carried frame (tcpdump's "address.port", or MACs for ARP); otherwise vni is null and inner* are null.
 * Fields that could not be decoded are null; raw always holds the line(s) tcpdump printed.
 */
public record Packet(String time, String outerSrc, String outerDst, Integer vni, String innerSrc,
        String innerDst, String protocol, String summary, String raw) {}
