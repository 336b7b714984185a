package netshell.trace.plan;

import java.util.Set;

/**
 * A packet as an iptables rule sees it on one node: protocol, addresses and ports, the devices it came in by and
 * goes out by (null where there is none), its conntrack states (NEW, ESTABLISHED, DNAT, SNAT), the original
 * destination before a DNAT, and the node's own addresses (for -m addrtype).
 */
record Flow(String proto, String src, String dst, Integer sport, Integer dport, String in, String out,
        Set<String> ctstate, String origDst, Integer origDport, Set<String> localAddresses, boolean syn) {
    Flow withOut(String dev) {
        return new Flow(proto, src, dst, sport, dport, in, dev, ctstate, origDst, origDport, localAddresses, syn);
    }
}
