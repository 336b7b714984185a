package netshell.link.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code link show}'s rows: every interface of the nodes but loopback, its state, peer and what degrades it. */
public final class LinkView {
    private LinkView() {}

    /**
     * One interface.
     *
     * @param node       its node
     * @param iface      the interface
     * @param state      up, down, or no-carrier (its other end is down)
     * @param peer       its other end as NODE:IFACE when that is an interface of another node, else "-"
     * @param qdisc      its root qdisc's kind
     * @param impairment what degrades its egress ("-": nothing)
     */
    public record Row(String node, String iface, String state, String peer, String qdisc, String impairment) {}

    public static List<Row> rows(List<NodeLinks> nodes) {
        // A veth's peer names the index of its other end; the other end names this one's: both must agree.
        Map<Integer, List<String[]>> byIndex = new HashMap<>();
        for (NodeLinks n : nodes)
            for (Device d : n.devices().values())
                byIndex.computeIfAbsent(d.ifindex(), k -> new ArrayList<>()).add(new String[]{n.node(), d.name()});
        Map<String, NodeLinks> byNode = new HashMap<>();
        nodes.forEach(n -> byNode.put(n.node(), n));
        List<Row> out = new ArrayList<>();
        for (NodeLinks n : nodes) {
            for (Device d : n.devices().values()) {
                if (d.name().equals("lo")) continue;
                String peer = "-";
                if (d.peerIndex() != null) {
                    List<String> found = new ArrayList<>();
                    for (String[] c : byIndex.getOrDefault(d.peerIndex(), List.of())) {
                        if (c[0].equals(n.node())) continue;
                        Device other = byNode.get(c[0]).devices().get(c[1]);
                        if (other.peerIndex() != null && other.peerIndex() == d.ifindex()) found.add(c[0] + ":" + c[1]);
                    }
                    if (found.size() == 1) peer = found.get(0);
                }
                String qdisc = n.qdisc(d.name()).map(RootQdisc::kind).orElse("-");
                out.add(new Row(n.node(), d.name(), d.state(), peer, qdisc, n.impairment(d.name()).text()));
            }
        }
        return out;
    }
}
