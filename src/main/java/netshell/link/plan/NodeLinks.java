package netshell.link.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the link planner knows of one node, read before anything changes: its interfaces, their root qdiscs,
 * netshell's drop rules, and whether its kernel has netem.
 *
 * @param node    the node's name
 * @param devices its interfaces, by name
 * @param qdiscs  each interface's root qdisc, by interface
 * @param drops   netshell's nftables drop rules on it
 * @param netem   whether the kernel has sch_netem (a qdisc of that kind can be made)
 * @param tools   which of tc and nft the node has
 */
public record NodeLinks(String node, Map<String, Device> devices, Map<String, RootQdisc> qdiscs, DropRules drops,
        boolean netem, Set<String> tools) {
    public NodeLinks {
        devices = Collections.unmodifiableMap(new LinkedHashMap<>(devices));
        qdiscs = Map.copyOf(qdiscs);
        tools = Set.copyOf(tools);
    }

    /** From what the node printed: {@code ip -j -d link}, {@code tc qdisc show}, netshell's nft table. */
    public static NodeLinks of(String node, List<Device> devices, String tcQdiscShow, String nftTable, boolean netem,
            Set<String> tools) {
        Map<String, Device> byName = new LinkedHashMap<>();
        devices.forEach(d -> byName.put(d.name(), d));
        return new NodeLinks(node, byName, RootQdisc.parse(tcQdiscShow), DropRules.parse(nftTable), netem, tools);
    }

    public Optional<Device> device(String name) { return Optional.ofNullable(devices.get(name)); }

    public Optional<RootQdisc> qdisc(String dev) { return Optional.ofNullable(qdiscs.get(dev)); }

    /** What degrades the interface now: its qdisc's part and the drop rules' part. */
    public Impairment impairment(String dev) {
        Impairment q = qdisc(dev).map(RootQdisc::impairment).orElse(Impairment.NONE);
        return q.with(drops.drops().getOrDefault(dev, Impairment.NONE));
    }
}
