package netshell.doctor.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import netshell.addr.math.AddressPlan;
import netshell.addr.math.Cidr;
import netshell.kernel.IfAddress;
import netshell.kernel.Link;

/**
 * The overlay's address plan as it is on the machines: container addresses (as /32 ranges) must
 * not collide with each other or with a node's host address on the overlay bridge.
 */
final class AddressChecks {
    private AddressChecks() {}

    static List<Finding> run(List<NodeFacts> nodes) {
        Map<String, String> hostOwner = new LinkedHashMap<>();
        Map<String, String> containerOwner = new LinkedHashMap<>();
        List<Cidr> ranges = new ArrayList<>();
        for (NodeFacts f : nodes) {
            if (f.state() == null) continue;
            for (Link vx : f.state().links()) {
                if (!vx.isVxlan()) continue;
                for (String dev : vx.master() == null ? List.of(vx.name()) : List.of(vx.name(), vx.master())) {
                    for (IfAddress a : f.state().ipv4Of(dev)) hostOwner.put(a.local(), f.node() + " " + dev);
                }
            }
            f.containers().forEach((name, cidrs) -> cidrs.forEach(c -> {
                String address = c.contains("/") ? c.substring(0, c.indexOf('/')) : c;
                containerOwner.put(address, f.node() + " container " + name);
                ranges.add(Cidr.parse(address + "/32"));
            }));
        }
        if (hostOwner.isEmpty() && containerOwner.isEmpty()) return List.of();
        List<String> problems = AddressPlan.conflicts(ranges, new ArrayList<>(hostOwner.keySet()));
        List<Finding> out = new ArrayList<>();
        for (String p : problems) {
            String node = "all";
            String who = "";
            for (Map.Entry<String, String> e : containerOwner.entrySet()) {
                if (p.contains(e.getKey() + "/32") || p.contains(e.getKey() + " ")) {
                    node = e.getValue().split(" ")[0];
                    who = e.getValue();
                    break;
                }
            }
            out.add(Finding.fail("addresses", node, p.replace("/32", "") + (who.isEmpty() ? "" : " (" + who + ")")
                    + ": two interfaces answer ARP for one address, so its traffic goes to whichever answered last",
                    "give the container an address of its node's own range (net split shows the plan),"
                            + " outside every host address"));
        }
        if (out.isEmpty())
            out.add(Finding.ok("addresses", "all", hostOwner.size() + " host and " + containerOwner.size()
                    + " container addresses, no overlaps"));
        return out;
    }
}
