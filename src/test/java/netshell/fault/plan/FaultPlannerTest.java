package netshell.fault.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import netshell.core.BadInput;
import netshell.core.Step;
import netshell.kernel.FdbEntry;
import netshell.kernel.Link;
import netshell.kernel.NodeState;

/** The planner on hand-built node facts: golden steps, undo pairs, refusals, and markers read back. */
class FaultPlannerTest {
    static FaultTarget node(Map<String, String> sysctls, boolean learning) {
        Link vx = new Link("vxlan0", 5, "vxlan", "UNKNOWN", true, 1450, "nsbr0", "netshell", "0a:0b:0c:0d:0e:0f", 100,
                "192.168.56.11", 4789, "eth1", learning);
        List<Link> links = List.of(new Link("eth1", 2, "veth", "UP", true, 1500, null, null, null, null, null, null,
                null, null),
                new Link("nsbr0", 4, "bridge", "UP", true, 1450, null, "netshell", null, null, null, null,
                        null, null),
                vx, new Link("nsv-c2", 6, "veth", "UP", true, 1450, "nsbr0", "netshell", null, null, null, null,
                        null, null));
        List<FdbEntry> fdb = learning
                ? List.of(new FdbEntry(FdbEntry.ALL_ZEROS, "vxlan0", "192.168.56.10", null, List.of("self")),
                        new FdbEntry(FdbEntry.ALL_ZEROS, "vxlan0", "192.168.56.12", null, List.of("self")))
                : List.of(new FdbEntry("02:01:c0:a8:38:0a", "vxlan0", "192.168.56.10", null, List.of("self")));
        return new FaultTarget("node2", "eth1", new NodeState(links, fdb, List.of(), List.of()), sysctls, false,
                "nf_tables", Set.of("iptables", "iptables-legacy", "bridge"), Map.of("10.0.0.129", "nsv-c2"));
    }

    static final Map<String, String> SYSCTLS = Map.of("ip_forward", "1", "rp_filter.all", "0",
            "rp_filter.vxlan0", "2", "route_localnet", "0", "conntrack_max", "262144", "conntrack_count", "3");

    static List<String> commands(List<Step> steps) {
        List<String> out = new ArrayList<>();
        for (Step s : steps)
            out.add(String.join(" ", s.argv()) + (s.undo() == null
                    ? ""
                    : "  <-  " + String.join(" ", s.undo().argv())));
        return out;
    }

    @Test
    void eachFaultIsPlantedAfterItsMarkerAndEachStepHasItsUndo() {
        List<String> firewall = commands(FaultPlanner.inject(FaultKind.FIREWALL_VXLAN, 3, node(SYSCTLS, true),
                Map.of()));
        assertEquals(2, firewall.size(), firewall.toString());
        assertTrue(firewall.get(0).startsWith("sh -c d=/run/netshell/faults/"), firewall.get(0));
        assertEquals("iptables -w -I INPUT -p udp --dport 4789 -j DROP  <-  iptables -w -D INPUT -p udp --dport 4789"
                + " -j DROP", firewall.get(1));
        assertEquals(List.of("ip link set vxlan0 mtu 1400  <-  ip link set vxlan0 mtu 1450"),
                commands(FaultPlanner.inject(FaultKind.MTU, 1, node(SYSCTLS, true), Map.of())).subList(1, 2));
        assertEquals(List.of(
                "sysctl -q -w net/ipv4/conf/all/rp_filter=1  <-  sysctl -q -w net/ipv4/conf/all/rp_filter=0",
                "sysctl -q -w net/ipv4/conf/vxlan0/rp_filter=1  <-  sysctl -q -w net/ipv4/conf/vxlan0/rp_filter=2"),
                commands(FaultPlanner.inject(FaultKind.RP_FILTER, 1, node(SYSCTLS, true), Map.of())).subList(1, 3));
        assertEquals(List.of("bridge fdb del 00:00:00:00:00:00 dev vxlan0 dst 192.168.56.12  <-  bridge fdb append"
                + " 00:00:00:00:00:00 dev vxlan0 dst 192.168.56.12"),
                commands(FaultPlanner.inject(FaultKind.FDB_MISSING, 1, node(SYSCTLS, true),
                        Map.of("peer", "192.168.56.12"))).subList(1, 2));
        assertEquals(List.of("iptables-legacy -w -I INPUT -p udp --dport 4789 -j DROP  <-  iptables-legacy -w -D"
                + " INPUT -p udp --dport 4789 -j DROP"),
                commands(FaultPlanner.inject(FaultKind.MIXED_BACKENDS, 1, node(SYSCTLS, true), Map.of())).subList(1,
                        2));
        assertEquals(List.of("iptables -w -I INPUT -i eth1 -p udp --dport 4789 -m statistic --mode random"
                + " --probability 0.30 -j DROP  <-  iptables -w -D INPUT -i eth1 -p udp --dport 4789 -m statistic"
                + " --mode random --probability 0.30 -j DROP"),
                commands(FaultPlanner.inject(FaultKind.LOSS, 1, node(SYSCTLS, true), Map.of("percent", "30")))
                        .subList(1, 2));
        assertEquals(List.of("ip link set nsv-c2 down  <-  ip link set nsv-c2 up"),
                commands(FaultPlanner.inject(FaultKind.BACKEND_DEAD, 1, node(SYSCTLS, true),
                        Map.of("backend", "10.0.0.129"))).subList(1, 2));
    }

    @Test
    void wrongVniRecreatesTheDeviceAsItWasButTheVni() {
        List<Step> steps = FaultPlanner.inject(FaultKind.WRONG_VNI, 1, node(SYSCTLS, true), Map.of());
        Step s = steps.get(1);
        assertEquals(List.of("sh", "vxlan0", "101", "192.168.56.11", "eth1", "4789", "1450", "nsbr0", "netshell",
                "192.168.56.10,192.168.56.12"), s.argv().subList(3, s.argv().size()));
        assertEquals("100", s.undo().argv().get(5));
    }

    @Test
    void whatAFaultNeedsAndLacksIsRefusedInOneLine() {
        FaultTarget healthy = node(SYSCTLS, true);
        for (var c : List.of(
                new Object[]{FaultKind.CONNTRACK_FULL, Map.of(), "read-only"},
                new Object[]{FaultKind.VTEP_MAC, Map.of(), "floods and learns"},
                new Object[]{FaultKind.IP_FORWARD, Map.of(), null},
                new Object[]{FaultKind.BACKEND_DEAD, Map.of("backend", "10.9.9.9"), "no container"},
                new Object[]{FaultKind.MTU, Map.of("dev", "nosuch"), "no VXLAN device nosuch"},
                new Object[]{FaultKind.MTU, Map.of("mtu", "9x"), "must be a number"},
                new Object[]{FaultKind.LINK_DOWN, Map.of("link", "eth1"), "not a VXLAN device or bridge"})) {
            FaultKind kind = (FaultKind) c[0];
            @SuppressWarnings("unchecked")
            Map<String, String> options = (Map<String, String>) c[1];
            FaultTarget t = kind == FaultKind.IP_FORWARD
                    ? node(Map.of("ip_forward", "0"), true)
                    : healthy;
            BadInput e = assertThrows(BadInput.class, () -> FaultPlanner.inject(kind, 1, t, options), kind.id());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            if (c[2] != null) assertTrue(e.getMessage().contains((String) c[2]), e.getMessage());
        }
        FaultTarget noOverlay = new FaultTarget("node1", "eth1", NodeState.empty(), SYSCTLS, false, "nf_tables",
                Set.of("iptables"), Map.of());
        BadInput e = assertThrows(BadInput.class,
                () -> FaultPlanner.inject(FaultKind.FIREWALL_VXLAN, 1, noOverlay, Map.of()));
        assertEquals("fault firewall-vxlan: node1 has no overlay (no VXLAN device); 'overlay create' makes one;"
                + " nothing was changed", e.getMessage());
    }

    @Test
    void markersReadBackGiveTheSameClearStepsAndBadOnesAreSkipped() {
        List<Step> planted = FaultPlanner.inject(FaultKind.MTU, 7, node(SYSCTLS, true), Map.of());
        String text = "== 7\n" + planted.get(0).stdin() + "== 8\nkind=mtu\ndev=$(reboot)\n== 9\nkind=nosuch\n";
        List<String> bad = new ArrayList<>();
        List<Planted> read = FaultPlanner.parseMarkers("node2", text, bad);
        assertEquals(1, read.size());
        assertEquals(2, bad.size(), bad.toString());
        List<String> clear = commands(FaultPlanner.clear(read.get(0)));
        assertEquals("ip link set vxlan0 mtu 1450", clear.get(0));
        assertTrue(clear.get(1).startsWith("sh -c rm -f /run/netshell/faults/"), clear.get(1));
        // A value that would be an option, not a word, is refused when read back.
        assertThrows(IllegalArgumentException.class, () -> Planted.parse(1, "n", "kind=mtu\ndev=--help\n"));
    }

    @Test
    void aClearDoesNothingWhereTheFaultWasFixedByHand() {
        Object[][] cases = {
                {FaultKind.FIREWALL_VXLAN, Map.of(), "sh -c t=$1; shift; \"$t\" -w -C \"$@\" 2>/dev/null || exit 0;"
                        + " exec \"$t\" -w -D \"$@\" sh iptables INPUT -p udp --dport 4789 -j DROP"},
                {FaultKind.FDB_MISSING, Map.of("peer", "192.168.56.12"), "sh -c bridge fdb show dev \"$1\" | grep -qF"
                        + " \"00:00:00:00:00:00 dst $2 \" && exit 0; exec bridge fdb append 00:00:00:00:00:00"
                        + " dev \"$1\" dst \"$2\" sh vxlan0 192.168.56.12"},
                {FaultKind.MTU, Map.of(), "ip link set vxlan0 mtu 1450"}};
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            List<Step> planted = FaultPlanner.inject((FaultKind) c[0], 4, node(SYSCTLS, true),
                    (Map<String, String>) c[1]);
            List<Planted> read = FaultPlanner.parseMarkers("node2", "== 4\n" + planted.get(0).stdin(),
                    new ArrayList<>());
            assertEquals(c[2], commands(FaultPlanner.clear(read.get(0))).get(0), c[0].toString());
        }
        // The undo of the planting change stays exact: it runs right after the plant, where the fault is there.
        List<Step> planted = FaultPlanner.inject(FaultKind.FIREWALL_VXLAN, 4, node(SYSCTLS, true), Map.of());
        assertEquals("iptables -w -D INPUT -p udp --dport 4789 -j DROP", String.join(" ", planted.get(1).undo()
                .argv()));
    }

    @Test
    void theCatalogueHasAtLeastTwelveFaultsEachWithItsCheck() {
        assertTrue(FaultKind.values().length >= 12);
        for (FaultKind k : FaultKind.values()) {
            assertTrue(!k.check().isBlank() && k.breaks().length() > 40, k.id());
        }
        assertTrue(FaultKind.LOSS.breaks().contains("no netem"));
        BadInput e = assertThrows(BadInput.class, () -> FaultKind.of("mtuu"));
        assertEquals("fault: no fault 'mtuu' (did you mean 'mtu'?); 'fault ls --describe' lists them", e.getMessage());
    }
}
