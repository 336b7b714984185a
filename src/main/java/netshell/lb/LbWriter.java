package netshell.lb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

import netshell.core.IpFamily;
import netshell.core.Step;
import netshell.lb.rules.Endpoint;
import netshell.lb.rules.GuardedStep;
import netshell.lb.rules.IptablesRules;
import netshell.lb.rules.LbMode;
import netshell.lb.rules.NftRules;
import netshell.lb.rules.ServiceSpec;

/**
 * The steps that make one node hold a given set of services: one atomic commit per node
 * ({@code iptables-restore --noflush} or {@code nft -f -}) plus the jumps from the built-in chains,
 * each checked with {@code -C} first. Jumps are added after the chains exist and removed before
 * the chains go (a chain still jumped to cannot be deleted).
 */
final class LbWriter {
    private LbWriter() {}

    /** Everything {@code mode} should hold on the node: {@code specs} is the whole set, empty to remove ours. */
    static List<Step> commit(LbNodeState node, String mode, List<ServiceSpec> specs) {
        List<ServiceSpec> v4 = specs.stream().filter(s -> !s.isV6()).toList();
        List<ServiceSpec> v6 = specs.stream().filter(ServiceSpec::isV6).toList();
        // Each family has its own tables; one is touched only when it has services now or had some before.
        boolean touch6 = !v6.isEmpty() || node.holds(mode, true);
        var steps = new ArrayList<Step>();
        if (!v4.isEmpty() || node.holds(mode, false) || !touch6) steps.addAll(commit(node, mode, v4, false));
        if (touch6) steps.addAll(commit(node, mode, v6, true));
        return steps;
    }

    private static List<Step> commit(LbNodeState node, String mode, List<ServiceSpec> specs,
            boolean v6) {
        String family = v6 ? " (IPv6)" : "";
        if (LbMode.NFT.is(mode)) {
            if (v6 || specs.isEmpty()) {
                // IPv6's table is written whole; removing either family's table is one delete.
                String script = specs.isEmpty() ? NftRules.deleteScript(v6) : NftRules.scriptFor(specs);
                return List.of(NftRules.applyStep(script,
                        (specs.isEmpty() ? "remove our nft table" : "replace our nft table in one transaction")
                                + family));
            }
            // IPv4: the verdict-map table, changed by element and chain updates once it exists.
            List<ServiceSpec> installed = node.specs(mode).stream().filter(s -> !s.isV6()).toList();
            if (installed.isEmpty() || !node.nftMaps()) {
                return List.of(NftRules.applyStep(NftRules.scriptFor(specs), "write our nft table in one transaction"));
            }
            String update = NftRules.updateScript(installed, specs);
            return update.isEmpty()
                    ? List.of()
                    : List.of(NftRules.applyStep(update, "update map elements and chains in one transaction"));
        }
        LbNodeState.FamilyTables tables = node.tables(v6 ? IpFamily.V6 : IpFamily.V4);
        Set<String> chains = tables.ourChains();
        boolean dockerUser = tables.dockerUser();
        var steps = new ArrayList<Step>();
        if (specs.isEmpty()) {
            steps.addAll(guarded(node, tables, removalJumps(dockerUser, v6)));
            steps.add(IptablesRules.restoreStep(IptablesRules.removalText(chains),
                    "delete our chains in one commit" + family, v6));
        } else {
            steps.add(IptablesRules.restoreStep(IptablesRules.restoreText(specs, chains),
                    "write our chains in one commit" + family, v6));
            steps.addAll(guarded(node, tables, IptablesRules.jumpSteps(dockerUser, v6)));
        }
        return steps;
    }

    /** The sysctl that lets the family's DNATed traffic leave for backends on other nodes. */
    static String forwardingKey(IpFamily family) {
        return family == IpFamily.V6 ? "net.ipv6.conf.all.forwarding" : "net.ipv4.ip_forward";
    }

    /** {@code was}: the family's forwarding before, restored if the change fails later; null when unknown. */
    static Step forwarding(IpFamily family, String was) {
        boolean v6 = family == IpFamily.V6;
        String key = forwardingKey(family);
        Step on = Step.of("forward DNATed " + (v6 ? "IPv6 " : "") + "traffic to backends on other nodes", "sysctl",
                "-q", "-w", key + "=1").touching("sysctl");
        if (was == null || was.equals("1")) return on;
        return on.undoneBy(Step.of("undo: " + (v6 ? "IPv6 forwarding" : "ip_forward") + " back to " + was, "sysctl",
                "-q", "-w", key + "=" + was)).touching("sysctl");
    }

    /** The VIP address; removed again if the change fails later, unless the node had it before. */
    static Step addVip(Endpoint vip, String dev, LbNodeState node) {
        String host = vip.address() + "/" + vip.hostBits();
        // An IPv6 address is "tentative" until duplicate address detection ends; nodad makes the VIP usable at once.
        Step add = vip.isV6()
                ? Step.of("the VIP as a host address on the underlay", "ip", "addr", "replace", host, "dev", dev,
                        "nodad")
                : Step.of("the VIP as a host address on the underlay", "ip", "addr", "replace", host, "dev", dev);
        add = add.touching("addresses");
        if (node.devicesWithHostAddress(vip.address()).contains(dev)) return add;
        return add.undoneBy(Step.of("undo: remove the VIP address", "ip", "addr", "del", host, "dev", dev))
                .touching("addresses");
    }

    static Step removeVip(String address, String dev) {
        String host = address + IpFamily.of(address).hostSuffix();
        return Step.of("no service uses the VIP address any more", "ip", "addr", "del", host, "dev", dev)
                .touching("addresses");
    }

    /** Forgets the backend's tracked flows, so UDP (and TCP with --reset) stops reaching it at once. */
    static Step forgetFlows(ServiceSpec spec, Endpoint backend) {
        if (spec.isV6()) {
            return Step.of("forget flows to the removed backend", "conntrack", "-D", "-f", "ipv6", "-p",
                    spec.proto(), "--orig-dst", spec.vip().address(), "--dport", String.valueOf(spec.vip().port()),
                    "--reply-src", backend.address()).touching(); // flows only: no state group
        }
        return Step.of("forget flows to the removed backend", "conntrack", "-D", "-p", spec.proto(),
                "--orig-dst", spec.vip().address(), "--dport", String.valueOf(spec.vip().port()), "--reply-src",
                backend.address()).touching();
    }

    /** Jumps from FORWARD and, when Docker is there, from DOCKER-USER: either may hold ours. */
    private static List<GuardedStep> removalJumps(boolean dockerUser, boolean v6) {
        var byCommand = new LinkedHashMap<List<String>, GuardedStep>();
        IptablesRules.removalJumpSteps(false, v6).forEach(g -> byCommand.put(g.apply().argv(), g));
        if (dockerUser)
            IptablesRules.removalJumpSteps(true, v6).forEach(g -> byCommand.putIfAbsent(g.apply().argv(), g));
        return List.copyOf(byCommand.values());
    }

    /**
     * Answers each check from the save read with the node's state (what {@code -C} would say) and keeps the changes
     * it calls for. A dry-run node has no kernel: it stands for a fresh node, where no jump exists yet, so every
     * change is shown.
     */
    private static List<Step> guarded(LbNodeState node, LbNodeState.FamilyTables tables, List<GuardedStep> guarded) {
        var steps = new ArrayList<Step>();
        boolean fresh = node.node().dryRun();
        for (GuardedStep g : guarded) {
            int checked = !fresh && IptablesRules.holds(tables.ourLines(), g.check()) ? 0 : 1;
            if (g.shouldApply(checked)) steps.add(g.apply());
        }
        return steps;
    }
}
