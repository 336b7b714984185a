package netshell.lab.topo;

/** One end of a link: a node and the interface name that end gets ("r1:eth1"). */
public record Endpoint(String node, String iface) {
    @Override
    public String toString() { return node + ":" + iface; }
}
