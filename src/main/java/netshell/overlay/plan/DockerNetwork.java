package netshell.overlay.plan;

import java.util.ArrayList;
import java.util.List;

import netshell.addr.math.Cidr;
import netshell.core.BadInput;
import netshell.kernel.IfName;

/**
 * The Docker flavour of a node's overlay bridge: `docker network create` with a fixed bridge name
 * (so the VXLAN device can be enslaved to it) and the overlay MTU. Docker puts the gateway on the
 * bridge itself, so the gateway plays the host address; aux-address keeps the host address out
 * of Docker's hands when it differs.
 */
public final class DockerNetwork {
    private DockerNetwork() {}

    public static List<String> createArgv(String network, String subnet, String ipRange, String gateway,
            String hostAddress, String bridge, int mtu) {
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
        List<String> argv = new ArrayList<>(List.of("docker", "network", "create", "--driver=bridge",
                "--subnet=" + subnet, "--ip-range=" + ipRange, "--gateway=" + gateway));
        // Docker puts the gateway on the bridge itself; a second reservation of the same address would clash.
        if (!hostAddress.equals(gateway)) argv.add("--aux-address=host=" + hostAddress);
        argv.addAll(List.of("-o", "com.docker.network.bridge.name=" + bridge,
                "-o", "com.docker.network.driver.mtu=" + mtu,
                network));
        return List.copyOf(argv);
    }

    /** Addresses Docker must not hand out: inside the subnet, outside this node's container range. */
    private static void checkReserved(String what, String address, Cidr net, Cidr range) {
        Cidr.checkAddress(address, what);
        if (!net.contains(address)) throw new BadInput(what + " " + address + " is not inside subnet " + net.asGiven());
        if (range.contains(address))
            throw new BadInput(what + " " + address + " lies inside the container range " + range.asGiven());
    }
}
