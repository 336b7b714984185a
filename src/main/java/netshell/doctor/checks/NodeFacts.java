package netshell.doctor.checks;

import java.util.List;
import java.util.Map;
import java.util.Set;

import netshell.kernel.NodeState;

/**
 * What was read from one node, already parsed. A field is null when it could not be read (the
 * command failed or the tool is missing); checks then say so instead of guessing.
 *
 * @param address        the node's underlay address (what peers ping and VXLAN uses)
 * @param underlay       the underlay device, e.g. eth1
 * @param tools          tools found on PATH
 * @param uid            the user id commands run as
 * @param sudo           whether {@code sudo -n true} works
 * @param ipForward      the value of net.ipv4.ip_forward ("1" or "0")
 * @param state          links, FDB, addresses, namespaces
 * @param iptablesSave   the output of iptables-save
 * @param peerReach      peer node → whether one ping to its underlay address was answered
 * @param backendReach   backend address → whether it answered a ping from this node
 * @param containers     container (namespace) on this node → its IPv4 addresses with prefix
 * @param ip6            the IPv6 side (forwarding, addresses in duplicate address detection), null when not read
 * @param docker         the node's Docker engine, null on a node that has none
 */
public record NodeFacts(String node, String address, String underlay, Set<String> tools, Integer uid, Boolean sudo,
        String ipForward, NodeState state, String iptablesSave, Map<String, Boolean> peerReach,
        Map<String, Boolean> backendReach, Map<String, List<String>> containers, Ip6Facts ip6, DockerFacts docker) {

    /**
     * @param forwarding net.ipv6.conf.all.forwarding ("1" or "0"), null when unreadable
     * @param tentative  global addresses still in duplicate address detection, as "ADDR/LEN dev IFACE"
     * @param dadFailed  global addresses whose DAD found another owner, as "ADDR/LEN dev IFACE"
     * @param lb         whether ip6tables holds our load-balancer chains
     * @param save       the output of ip6tables-save, null when unreadable
     */
    public record Ip6Facts(String forwarding, List<String> tentative, List<String> dadFailed, boolean lb,
            String save) {
        public Ip6Facts {
            tentative = tentative == null ? List.of() : List.copyOf(tentative);
            dadFailed = dadFailed == null ? List.of() : List.copyOf(dadFailed);
        }

        public Ip6Facts(String forwarding, List<String> tentative, List<String> dadFailed, boolean lb) {
            this(forwarding, tentative, dadFailed, lb, null);
        }
    }

    /** Without IPv6 facts: the IPv6 checks say nothing. */
    public NodeFacts(String node, String address, String underlay, Set<String> tools, Integer uid, Boolean sudo,
            String ipForward, NodeState state, String iptablesSave, Map<String, Boolean> peerReach,
            Map<String, Boolean> backendReach, Map<String, List<String>> containers) {
        this(node, address, underlay, tools, uid, sudo, ipForward, state, iptablesSave, peerReach, backendReach,
                containers, null, null);
    }

    /** Without Docker facts: the Docker checks say nothing. */
    public NodeFacts(String node, String address, String underlay, Set<String> tools, Integer uid, Boolean sudo,
            String ipForward, NodeState state, String iptablesSave, Map<String, Boolean> peerReach,
            Map<String, Boolean> backendReach, Map<String, List<String>> containers, Ip6Facts ip6) {
        this(node, address, underlay, tools, uid, sudo, ipForward, state, iptablesSave, peerReach, backendReach,
                containers, ip6, null);
    }

    public NodeFacts {
        tools = tools == null ? null : Set.copyOf(tools);
        peerReach = peerReach == null ? Map.of() : Map.copyOf(peerReach);
        backendReach = backendReach == null ? Map.of() : Map.copyOf(backendReach);
        containers = containers == null ? Map.of() : Map.copyOf(containers);
    }

    /** The underlay device's MTU, or 1500 when the device was not found. */
    public int underlayMtu() {
        if (state == null || underlay == null) return 1500;
        return state.link(underlay).map(l -> l.mtu()).orElse(1500);
    }
}
