package netshell.overlay.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import netshell.core.Plan;
import netshell.core.Step;
import netshell.kernel.FdbEntry;
import netshell.kernel.IfAddress;
import netshell.kernel.Link;
import netshell.kernel.NodeState;

/**
 * Applies the argv our planners emit to a NodeState the way the kernel would, so that a test can
 * re-plan against the result. Anything it does not understand, or that the kernel would refuse
 * (duplicate device, missing master, duplicate FDB entry), fails the test.
 */
final class KernelSimulator {
    private KernelSimulator() {}

    static Map<String, NodeState> apply(Plan plan, Map<String, NodeState> before) {
        Map<String, NodeState> after = new HashMap<>(before);
        plan.byNode().forEach((node, steps) -> {
            NodeState s = after.getOrDefault(node, NodeState.empty());
            for (Step step : steps) s = apply(step.argv(), s);
            after.put(node, s);
        });
        return after;
    }

    private static NodeState apply(List<String> a, NodeState s) {
        Map<String, Link> links = new LinkedHashMap<>();
        s.links().forEach(l -> links.put(l.name(), l));
        List<FdbEntry> fdb = new ArrayList<>(s.fdb());
        List<IfAddress> addrs = new ArrayList<>(s.addresses());
        List<String> netns = new ArrayList<>(s.namespaces());
        String cmd = String.join(" ", a);
        if (cmd.startsWith("ip link add ")) {
            String name = a.get(3);
            require(!links.containsKey(name), "exists: " + cmd);
            String kind = a.get(5);
            Link l = new Link(name, links.size() + 1, kind, "DOWN", false, 1500, null, null,
                    "02:00:00:00:00:0" + links.size(),
                    kind.equals("vxlan") ? Integer.valueOf(a.get(7)) : null,
                    kind.equals("vxlan") ? a.get(9) : null,
                    kind.equals("vxlan") ? Integer.valueOf(a.get(13)) : null,
                    kind.equals("vxlan") ? a.get(11) : null,
                    kind.equals("vxlan") ? !a.contains("nolearning") : null,
                    kind.equals("vxlan") ? a.contains("proxy") : null);
            links.put(name, l);
        } else if (cmd.startsWith("ip link del ")) {
            String name = a.get(3);
            require(links.remove(name) != null, "missing: " + cmd);
            fdb.removeIf(e -> name.equals(e.ifname()));
            addrs.removeIf(e -> name.equals(e.ifname()));
            links.replaceAll((k, l) -> name.equals(l.master()) ? with(l, "master", null) : l);
        } else if (cmd.startsWith("ip link set dev ") && a.get(5).equals("alias")) {
            links.put(a.get(4), with(get(links, a.get(4), cmd), "alias", a.get(6)));
        } else if (cmd.startsWith("ip link set dev ") && a.size() == 9 && a.get(6).equals("bridge_slave")) {
            // A port flag (hairpin): the device must exist and be a port; the flag itself is not modelled.
            if (get(links, a.get(4), cmd).master() == null) throw new AssertionError("not a bridge port: " + cmd);
        } else if (cmd.startsWith("ip link set ") && a.get(4).equals("mtu")) {
            links.put(a.get(3), with(get(links, a.get(3), cmd), "mtu", a.get(5)));
        } else if (cmd.startsWith("ip link set ") && a.get(4).equals("master")) {
            require(links.containsKey(a.get(5)) && "bridge".equals(links.get(a.get(5)).kind()), "no bridge: " + cmd);
            links.put(a.get(3), with(get(links, a.get(3), cmd), "master", a.get(5)));
        } else if (cmd.startsWith("ip link set ") && a.get(4).equals("up") && a.size() == 5) {
            links.put(a.get(3), with(get(links, a.get(3), cmd), "up", null));
        } else if (cmd.startsWith("ip link set ") && a.get(4).equals("type") && a.get(6).equals("learning")) {
            links.put(a.get(3), with(get(links, a.get(3), cmd), "learning", null));
        } else if (cmd.startsWith("bridge fdb append ")) {
            get(links, a.get(5), cmd);
            FdbEntry e = new FdbEntry(a.get(3), a.get(5), a.get(7), null, List.of("self"));
            require(!fdb.contains(e), "duplicate: " + cmd);
            fdb.add(e);
        } else if (cmd.startsWith("bridge fdb del ")) {
            require(fdb.remove(new FdbEntry(a.get(3), a.get(5), a.get(7), null, List.of("self"))), "missing: " + cmd);
        } else if (cmd.startsWith("ip addr add ")) {
            get(links, a.get(5), cmd);
            IfAddress ia = ifAddress(a.get(5), a.get(3));
            require(!addrs.contains(ia), "duplicate: " + cmd);
            addrs.add(ia);
        } else if (cmd.startsWith("ip addr del ")) {
            require(addrs.remove(ifAddress(a.get(5), a.get(3))), "missing: " + cmd);
        } else if (cmd.startsWith("ip -6 addr add ")) {
            get(links, a.get(6), cmd);
            IfAddress ia = ifAddress6(a.get(6), a.get(4));
            require(!addrs.contains(ia), "duplicate: " + cmd);
            addrs.add(ia);
        } else if (cmd.startsWith("ip -6 addr del ")) {
            require(addrs.remove(ifAddress6(a.get(6), a.get(4))), "missing: " + cmd);
        } else if (cmd.startsWith("ip netns add ")) {
            require(!netns.contains(a.get(3)), "exists: " + cmd);
            netns.add(a.get(3));
        } else if (cmd.startsWith("ip netns del ")) {
            require(netns.remove(a.get(3)), "missing: " + cmd);
        } else if (cmd.startsWith("ip netns exec ")) {
            require(netns.contains(a.get(3)), "no namespace: " + cmd); // inside the container: not modelled further
        } else {
            throw new AssertionError("simulator does not know: " + cmd);
        }
        return new NodeState(List.copyOf(links.values()), fdb, addrs, netns);
    }

    private static IfAddress ifAddress6(String dev, String cidr) {
        String[] p = cidr.split("/");
        return new IfAddress(dev, "inet6", p[0], Integer.parseInt(p[1]));
    }

    private static IfAddress ifAddress(String dev, String cidr) {
        String[] p = cidr.split("/");
        return new IfAddress(dev, "inet", p[0], Integer.parseInt(p[1]));
    }

    private static Link get(Map<String, Link> links, String name, String cmd) {
        Link l = links.get(name);
        require(l != null, "no device: " + cmd);
        return l;
    }

    private static Link with(Link l, String field, String value) {
        return new Link(l.name(), l.ifindex(), l.kind(),
                field.equals("up") ? "UP" : l.state(),
                field.equals("up") || l.adminUp(),
                field.equals("mtu") ? Integer.parseInt(value) : l.mtu(),
                field.equals("master") ? value : l.master(),
                field.equals("alias") ? value : l.alias(),
                l.mac(), l.vni(), l.vxlanLocal(), l.vxlanPort(), l.vxlanDev(),
                field.equals("learning") ? Boolean.TRUE : l.learning(), l.proxy());
    }

    private static void require(boolean ok, String what) {
        if (!ok) throw new AssertionError("kernel would refuse: " + what);
    }
}
