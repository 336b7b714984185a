package netshell.lb;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
 * What one node's kernel says about load balancing: the services in iptables and in our nft table, each family's
 * chain names (so a commit can delete stale ones), whether Docker's DOCKER-USER chain exists, forwarding, and the
 * node's addresses. Read fresh by every lb command: the kernel is the only record.
 */
record LbNodeState(Node node, List<InstalledService> services, List<IfAddress> addresses,
        Map<IpFamily, FamilyTables> families, boolean nftMaps) {

    /**
     * One family's side: our lines of its iptables (ip6tables) save, with the jumps into our chains among them, so
     * the jump checks need no read of their own; and the family's forwarding sysctl.
     */
    record FamilyTables(IptablesSave ourLines, String forwarding) {
        static final FamilyTables NONE = new FamilyTables(IptablesSave.parse(""), null);

        /** Our chain names, so a commit can delete stale ones. */
        Set<String> ourChains() {
            return ourLines.ourChainNames();
        }

        /** Whether Docker's DOCKER-USER chain is there: then our FORWARD jump goes into it. */
        boolean dockerUser() {
            return ourLines.chains().stream()
                    .anyMatch(c -> c.table().equals("filter") && c.name().equals("DOCKER-USER"));
        }
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

    /** A family's four reads, in the order {@link #readFamily} takes them. */
    private static List<List<String>> readsOf(IpFamily family) {
        boolean v6 = family == IpFamily.V6;
        return List.of(ourLines(v6 ? "ip6tables" : "iptables"),
                List.of("nft", "-j", "list", "table", v6 ? "ip6" : "ip", "netshell"),
                List.of("ip", "-j", "-" + family.number(), "addr"),
                List.of("sysctl", "-n", LbWriter.forwardingKey(family)));
    }

    private static final int READS_PER_FAMILY = 4;

    /** Everything the LB needs from a node, in one round trip (lab and SSH run the reads as one script). */
    static LbNodeState read(Context ctx, Node node) {
        List<List<String>> argvs = new ArrayList<>();
        for (IpFamily f : IpFamily.values()) argvs.addAll(readsOf(f));
        List<ExecResult> r = NodeLibrary.readEach(ctx, node, argvs);
        ExecResult save4 = r.get(0);
        // IPv4's tables must be readable; a node without ip6tables simply has no IPv6 services.
        if (!save4.ok()) throw new CommandFailed(node.name() + ": iptables-save: " + save4.firstErrorLine());
        var services = new ArrayList<InstalledService>();
        var addresses = new ArrayList<IfAddress>();
        var families = new EnumMap<IpFamily, FamilyTables>(IpFamily.class);
        for (IpFamily f : IpFamily.values()) {
            int at = f.ordinal() * READS_PER_FAMILY;
            families.put(f, readFamily(r.subList(at, at + READS_PER_FAMILY), services, addresses));
        }
        ExecResult nft4 = r.get(1);
        boolean nftMaps = nft4.ok() && InstalledServices.nftHasServiceMap(nft4.stdout());
        return new LbNodeState(node, List.copyOf(services), List.copyOf(addresses), Map.copyOf(families), nftMaps);
    }

    /** One family's services, chains, addresses and forwarding from its four reads. */
    private static FamilyTables readFamily(List<ExecResult> r, List<InstalledService> services,
            List<IfAddress> addresses) {
        ExecResult save = r.get(0);
        IptablesSave parsed = IptablesSave.parse(save.ok() ? save.stdout() : "");
        services.addAll(InstalledServices.fromIptables(parsed));
        ExecResult nft = r.get(1);
        if (nft.ok()) services.addAll(InstalledServices.fromNftJson(nft.stdout())); // fails when there is no table
        ExecResult addr = r.get(2);
        if (addr.ok()) addresses.addAll(Addresses.parse(addr.stdout()));
        ExecResult forward = r.get(3);
        return new FamilyTables(parsed, forward.ok() && !forward.stdout().isBlank() ? forward.stdout().strip() : null);
    }

    /** The family's chains, DOCKER-USER and forwarding (none read: no chains, no DOCKER-USER, unknown). */
    FamilyTables tables(IpFamily family) {
        return families.getOrDefault(family, FamilyTables.NONE);
    }

    /** This state with only {@code kept} as its services (lb show of one VIP). */
    LbNodeState withServices(List<InstalledService> kept) {
        return new LbNodeState(node, List.copyOf(kept), addresses, families, nftMaps);
    }

    /** Whether {@code mode} holds anything of this family here: then a commit must rewrite or remove it. */
    boolean holds(String mode, boolean v6) {
        boolean chains = LbMode.IPTABLES.is(mode)
                && !tables(v6 ? IpFamily.V6 : IpFamily.V4).ourChains().isEmpty();
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
