package netshell.doctor.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import groovy.json.JsonException;
import groovy.json.JsonSlurper;
import netshell.core.IpFamily;

/**
 * What doctor read from a node's Docker engine, parsed from one {@code --format} line per network or container.
 *
 * @param version              the engine's version, null when it does not answer
 * @param engineError          the engine's own last word when it does not answer (e.g. "Cannot connect to …")
 * @param startFix             the command that starts the engine on this kind of node
 * @param bridgeNfCallIptables net.bridge.bridge-nf-call-iptables ("1", "0"), null without br_netfilter
 * @param networks             the engine's bridge networks
 * @param containers           running containers with the MTU of their eth0
 */
public record DockerFacts(String version, String engineError, String startFix, String bridgeNfCallIptables,
        List<Network> networks, List<Container> containers) {

    /** A Docker bridge network: its Linux bridge, and what IPAM hands out and reserves there. */
    public record Network(String name, String bridge, String subnet, String ipRange, String gateway,
            List<String> auxAddresses) {
        public Network {
            auxAddresses = List.copyOf(auxAddresses);
        }

        /** The addresses the engine picks from: the ip-range, or the whole subnet without one. */
        public String pool() {
            return ipRange == null || ipRange.isBlank() ? subnet : ipRange;
        }
    }

    /** A running container: the networks it is on and its eth0 MTU (null when unreadable). */
    public record Container(String name, List<String> networks, Integer mtu) {
        public Container {
            networks = List.copyOf(networks);
        }
    }

    public DockerFacts {
        networks = networks == null ? List.of() : List.copyOf(networks);
        containers = containers == null ? List.of() : List.copyOf(containers);
    }

    public boolean running() { return version != null; }

    /** For {@code docker network inspect}: name|bridge|IPAM configs as JSON (their keys vary). */
    public static final String NETWORK_FORMAT = "{{.Name}}|{{index .Options \"com.docker.network.bridge.name\"}}|"
            + "{{json .IPAM.Config}}";

    /** For {@code docker inspect}: name|pid|network names. */
    public static final String CONTAINER_FORMAT = "{{.Name}}|{{.State.Pid}}|"
            + "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}";

    /**
     * The bridge networks of a {@link #NETWORK_FORMAT} listing, one per IPv4 IPAM config. The default network
     * names its bridge docker0 in the same option; a network without one gets Docker's br-ID name, which does
     * not matter here: only ours are compared by bridge.
     */
    public static List<Network> parseNetworks(String lines) {
        List<Network> out = new ArrayList<>();
        for (String line : lines.strip().lines().toList()) {
            String[] f = line.split("\\|", 3);
            if (f.length < 3 || f[0].isBlank()) continue;
            String bridge = f[1].isBlank() || f[1].equals("<no value>") ? null : f[1].strip();
            Object configs;
            try {
                configs = new JsonSlurper().parseText(f[2].strip());
            } catch (JsonException | IllegalArgumentException e) {
                continue;
            }
            if (!(configs instanceof List<?> list)) continue;
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> c)) continue;
                String subnet = text(c.get("Subnet"));
                if (subnet == null || IpFamily.isV6(subnet)) continue; // IPv6 pools are not compared
                List<String> aux = new ArrayList<>();
                if (c.get("AuxiliaryAddresses") instanceof Map<?, ?> m) m.values().forEach(v -> aux.add(text(v)));
                out.add(new Network(f[0].strip(), bridge, subnet, text(c.get("IPRange")), text(c.get("Gateway")),
                        aux.stream().filter(a -> a != null).toList()));
            }
        }
        return out;
    }

    /** One line of {@link #CONTAINER_FORMAT}: the name without Docker's '/', the pid, the network names. */
    public static String[] splitContainerLine(String line) {
        String[] f = line.split("\\|", -1);
        if (f.length < 3) return null;
        String name = f[0].startsWith("/") ? f[0].substring(1) : f[0];
        return new String[]{name.strip(), f[1].strip(), f[2].strip()};
    }

    private static String text(Object o) {
        return o == null || o.toString().isBlank() ? null : o.toString().strip();
    }
}
