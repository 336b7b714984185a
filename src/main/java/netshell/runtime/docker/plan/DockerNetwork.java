package netshell.runtime.docker.plan;

import java.util.ArrayList;
import java.util.List;

import netshell.addr.math.Cidr;
import netshell.addr.math.Ipv6Block;
import netshell.core.BadInput;
import netshell.core.IpFamily;
import netshell.core.Step;
import netshell.kernel.IfName;

/**
 * The Docker flavour of a node's overlay bridge: `docker network create` with a fixed bridge name
 * (so the VXLAN device can be enslaved to it) and the overlay MTU. Docker puts the gateway on the
 * bridge itself, so the gateway plays the host address; aux-address keeps the host address out
 * of Docker's hands when it differs.
 */
public final class DockerNetwork {
    private DockerNetwork() {}

    /**
     * A dual-stack network's IPv6 pool: the plan's IPv6 prefix, this node's IPv6 container range and the IPv6 host
     * address, which is the IPv6 gateway (the twins of the IPv4 ones).
     */
    public record Ipv6Pool(String subnet, String ipRange, String gateway) {}

    public static List<String> createArgv(String network, String subnet, String ipRange, String gateway,
            String hostAddress, String bridge, int mtu) {
        return createArgv(network, subnet, ipRange, gateway, hostAddress, bridge, mtu, null);
    }

    /**
     * As above; with {@code ipv6} a dual-stack network: {@code --ipv6} and a second --subnet, --ip-range and
     * --gateway (Docker pairs each range and gateway with the subnet that holds it). User-defined networks need no
     * daemon flag for that (the daemon's --ipv6 and --fixed-cidr-v6 concern docker0 alone), and the engine's
     * ip6tables support stays off (experimental in 20.10): the overlay is one L2 segment, so nothing between a
     * container and its peers is routed or NATed, and Docker leaves the node's ip6tables as they are.
     */
    public static List<String> createArgv(String network, String subnet, String ipRange, String gateway,
            String hostAddress, String bridge, int mtu, Ipv6Pool ipv6) {
        if (network == null || !network.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new BadInput("docker network name '" + network + "' is not valid");
        }
        IfName.check(bridge, "bridge");
        if (mtu < 68 || mtu > 65535) throw new BadInput("MTU " + mtu + " is outside 68..65535");
        Cidr net = Cidr.parseSetting(subnet, "subnet");
        Cidr range = Cidr.parseSetting(ipRange, "ip range");
        if (!net.contains(range)) throw new BadInput("ip range " + ipRange + " is not inside subnet " + subnet);
        checkReserved("gateway", gateway, net, range);
        checkReserved("host address", hostAddress, net, range);
        if (ipv6 != null) check6(ipv6);
        List<String> argv = new ArrayList<>(List.of("docker", "network", "create", "--driver=bridge",
                "--subnet=" + subnet, "--ip-range=" + ipRange, "--gateway=" + gateway));
        // Docker puts the gateway on the bridge itself; a second reservation of the same address would clash.
        if (!hostAddress.equals(gateway)) argv.add("--aux-address=host=" + hostAddress);
        if (ipv6 != null)
            argv.addAll(List.of("--ipv6", "--subnet=" + ipv6.subnet(), "--ip-range=" + ipv6.ipRange(),
                    "--gateway=" + ipv6.gateway()));
        argv.addAll(List.of("-o", "com.docker.network.bridge.name=" + bridge,
                "-o", "com.docker.network.driver.mtu=" + mtu,
                network));
        return List.copyOf(argv);
    }

    /** Removes the network, and with it its bridge (Docker refuses while containers are on it). */
    public static Step removal(String network) {
        return new Step(removeArgv(network), null, "remove the Docker network (and its bridge)");
    }

    public static List<String> removeArgv(String network) {
        return List.of("docker", "network", "rm", network);
    }

    /** Addresses Docker must not hand out: inside the subnet, outside this node's container range. */
    private static void checkReserved(String what, String address, Cidr net, Cidr range) {
        Cidr.checkAddress(address, what);
        if (!net.contains(address)) throw new BadInput(what + " " + address + " is not inside subnet " + net.asGiven());
        if (range.contains(address))
            throw new BadInput(what + " " + address + " lies inside the container range " + range.asGiven());
    }

    private static void check6(Ipv6Pool ipv6) {
        Ipv6Block net = Ipv6Block.parse(ipv6.subnet());
        Ipv6Block range = Ipv6Block.parse(ipv6.ipRange());
        if (!net.address().equals(net.network()))
            throw new BadInput("IPv6 subnet " + ipv6.subnet() + " has host bits set; Docker wants " + net.normalized());
        if (!net.contains(range))
            throw new BadInput("IPv6 ip range " + ipv6.ipRange() + " is not inside subnet " + ipv6.subnet());
        String gw = ipv6.gateway();
        if (gw == null || gw.contains("/") || !IpFamily.isV6(gw))
            throw new BadInput("IPv6 gateway " + gw + " is not an IPv6 address");
        if (!net.containsAddress(gw))
            throw new BadInput("IPv6 gateway " + gw + " is not inside subnet " + ipv6.subnet());
        if (range.containsAddress(gw))
            throw new BadInput("IPv6 gateway " + gw + " lies inside the container range " + ipv6.ipRange());
    }
}
