package netshell.lb;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import netshell.command.CommandFailed;
import netshell.command.Context;
import netshell.kernel.Addresses;
import netshell.kernel.IfAddress;
import netshell.lb.rules.Endpoint;
import netshell.lb.rules.InstalledService;
import netshell.lb.rules.InstalledServices;
import netshell.lb.rules.IptablesSave;
import netshell.lb.rules.ServiceSpec;
import netshell.node.ExecResult;
import netshell.node.Node;

/**
 * What one node's kernel says about load balancing: the services in iptables and in our nft table,
 * our chain names (so a commit can delete stale ones), whether Docker's DOCKER-USER chain exists,
 * and the node's IPv4 addresses. Read fresh by every lb command: the kernel is the only record.
 */
record LbNodeState(Node node, List<InstalledService> services, Set<String> ourChains, boolean dockerUser,
        List<IfAddress> addresses, String ipForward, boolean nftMaps) {

    static LbNodeState read(Context ctx, Node node) {
        ExecResult save = ctx.read(node, "iptables-save", "-c");
        if (!save.ok()) throw new CommandFailed(node.name() + ": iptables-save: " + save.firstErrorLine());
        IptablesSave parsed = IptablesSave.parse(save.stdout());
        var services = new ArrayList<>(InstalledServices.fromIptables(parsed));
        ExecResult nft = ctx.read(node, "nft", "-j", "list", "table", "ip", "netshell");
        if (nft.ok()) services.addAll(InstalledServices.fromNftJson(nft.stdout())); // fails when there is no table: none
        boolean nftMaps = nft.ok() && InstalledServices.nftHasServiceMap(nft.stdout());
        boolean dockerUser = parsed.chains().stream()
                .anyMatch(c -> c.table().equals("filter") && c.name().equals("DOCKER-USER"));
        ExecResult addr = ctx.read(node, "ip", "-j", "-4", "addr");
        List<IfAddress> addresses = addr.ok() ? Addresses.parse(addr.stdout()) : List.of();
        ExecResult forward = ctx.read(node, "sysctl", "-n", "net.ipv4.ip_forward");
        String ipForward = forward.ok() && !forward.stdout().isBlank() ? forward.stdout().strip() : null;
        return new LbNodeState(node, List.copyOf(services), parsed.ourChainNames(), dockerUser, addresses, ipForward,
                nftMaps);
    }

    Optional<InstalledService> find(Endpoint vip, String proto) {
        return services.stream()
                .filter(s -> s.spec().vip().equals(vip) && (proto == null || s.spec().proto().equals(proto)))
                .findFirst();
    }

    /** The specs of this node programmed in {@code mode}, the whole set a commit writes. */
    List<ServiceSpec> specs(String mode) {
        return services.stream().filter(s -> s.mode().equals(mode)).map(InstalledService::spec).toList();
    }

    /** Devices holding {@code address} as a /32: the VIP addresses we may remove. */
    List<String> devicesWithHostAddress(String address) {
        return addresses.stream().filter(a -> address.equals(a.local()) && a.prefixLen() == 32).map(IfAddress::ifname)
                .distinct().toList();
    }

    boolean usesVipAddress(String address, String exceptKey) {
        return services.stream().anyMatch(s -> s.spec().vip().address().equals(address) && !s.key().equals(exceptKey));
    }

    String name() { return node.name(); }
}
