package netshell.lb;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import netshell.command.CommandFailed;
import netshell.command.Context;
import netshell.command.NodeLibrary;
import netshell.core.IpFamily;
import netshell.kernel.Addresses;
import netshell.kernel.IfAddress;
import netshell.lb.rules.Endpoint;
import netshell.lb.rules.InstalledService;
import netshell.lb.rules.InstalledServices;
import netshell.lb.rules.IptablesSave;
import netshell.lb.rules.LbMode;
import netshell.lb.rules.ServiceSpec;
import netshell.node.ExecResult;
import netshell.node.Node;

/**
 * What one node's kernel says about load balancing: the services in iptables and in our nft table,
 * our chain names (so a commit can delete stale ones), whether Docker's DOCKER-USER chain exists,
 * and the node's IPv4 addresses. Read fresh by every lb command: the kernel is the only record.
 */
record LbNodeState(Node node, List<InstalledService> services, Set<String> ourChains, boolean dockerUser,
        List<IfAddress> addresses, String ipForward, Ip6 ip6, boolean nftMaps) {

    /** The IPv6 side: our ip6tables chains, DOCKER-USER there, and net.ipv6.conf.all.forwarding. */
    record Ip6(Set<String> ourChains, boolean dockerUser, String forwarding) {
        static final Ip6 NONE = new Ip6(Set.of(), false, null);
    }

    /**
     * Only the lines a load balancer needs, as {@code TOOL-save -c} prints them: table headers, built-in chains,
     * Docker's DOCKER-USER, our chains and every rule naming them. The node library reads them chain by chain, so
     * a Kubernetes node's 100k kube-proxy lines are neither read nor carried: a VIP costs there what it costs on an
     * empty node.
     */
    static List<String> ourLines(String tool) {
        return NodeLibrary.command("ns_ipt_lb \"$1\" | grep -E "
                + "'^([*]|COMMIT|:NETSHELL|:DOCKER-USER |:[A-Z]+ (ACCEPT|DROP) )|NETSHELL' || true", tool);
    }

    private static List<ExecResult> reads(Context ctx, Node node) {
        return NodeLibrary.readEach(ctx, node, List.of(ourLines("iptables"),
                List.of("nft", "-j", "list", "table", "ip", "netshell"), List.of("ip", "-j", "-4", "addr"),
                List.of("sysctl", "-n", "net.ipv4.ip_forward"), ourLines("ip6tables"),
                List.of("nft", "-j", "list", "table", "ip6", "netshell"), List.of("ip", "-j", "-6", "addr"),
                List.of("sysctl", "-n", "net.ipv6.conf.all.forwarding")));
    }

    /** Everything the LB needs from a node, in one round trip (lab and SSH run the reads as one script). */
    static LbNodeState read(Context ctx, Node node) {
        List<ExecResult> r = reads(ctx, node);
        ExecResult save = r.get(0);
        if (!save.ok()) throw new CommandFailed(node.name() + ": iptables-save: " + save.firstErrorLine());
        IptablesSave parsed = IptablesSave.parse(save.stdout());
        var services = new ArrayList<>(InstalledServices.fromIptables(parsed));
        ExecResult nft = r.get(1);
        // nft fails when there is no table: none
        if (nft.ok()) services.addAll(InstalledServices.fromNftJson(nft.stdout()));
        boolean nftMaps = nft.ok() && InstalledServices.nftHasServiceMap(nft.stdout());
        boolean dockerUser = parsed.chains().stream()
                .anyMatch(c -> c.table().equals("filter") && c.name().equals("DOCKER-USER"));
        ExecResult addr = r.get(2);
        List<IfAddress> addresses = new ArrayList<>(addr.ok() ? Addresses.parse(addr.stdout()) : List.of());
        ExecResult forward = r.get(3);
        String ipForward = forward.ok() && !forward.stdout().isBlank() ? forward.stdout().strip() : null;
        Ip6 ip6 = readIp6(r.subList(4, 8), services, addresses);
        return new LbNodeState(node, List.copyOf(services), parsed.ourChainNames(), dockerUser,
                List.copyOf(addresses), ipForward, ip6, nftMaps);
    }

    /** IPv6 services, chains and addresses from the last four reads; a node without ip6tables simply has none. */
    private static Ip6 readIp6(List<ExecResult> r, List<InstalledService> services, List<IfAddress> addresses) {
        ExecResult save = r.get(0);
        IptablesSave parsed = IptablesSave.parse(save.ok() ? save.stdout() : "");
        services.addAll(InstalledServices.fromIptables(parsed));
        ExecResult nft = r.get(1);
        if (nft.ok()) services.addAll(InstalledServices.fromNftJson(nft.stdout()));
        ExecResult addr = r.get(2);
        if (addr.ok()) addresses.addAll(Addresses.parse(addr.stdout()));
        ExecResult forward = r.get(3);
        boolean dockerUser = parsed.chains().stream()
                .anyMatch(c -> c.table().equals("filter") && c.name().equals("DOCKER-USER"));
        return new Ip6(parsed.ourChainNames(), dockerUser,
                forward.ok() && !forward.stdout().isBlank() ? forward.stdout().strip() : null);
    }

    /** Whether {@code mode} holds anything of this family here: then a commit must rewrite or remove it. */
    boolean holds(String mode, boolean v6) {
        boolean chains = LbMode.IPTABLES.is(mode) && !(v6 ? ip6.ourChains() : ourChains).isEmpty();
        return chains || services.stream().anyMatch(s -> s.mode().equals(mode) && s.spec().isV6() == v6);
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
        int bits = IpFamily.of(address).bits();
        return addresses.stream().filter(a -> address.equals(a.local()) && a.prefixLen() == bits)
                .map(IfAddress::ifname)
                .distinct().toList();
    }

    boolean usesVipAddress(String address, String exceptKey) {
        return services.stream().anyMatch(s -> s.spec().vip().address().equals(address) && !s.key().equals(exceptKey));
    }

    String name() { return node.name(); }
}
