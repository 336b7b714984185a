package netshell.lb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import netshell.command.Context;
import netshell.core.Step;
import netshell.lb.rules.Endpoint;
import netshell.lb.rules.GuardedStep;
import netshell.lb.rules.IptablesRules;
import netshell.lb.rules.LbMode;
import netshell.lb.rules.NftRules;
import netshell.lb.rules.ServiceSpec;
import netshell.node.Transport;

/**
 * The steps that make one node hold a given set of services: one atomic commit per node
 * ({@code iptables-restore --noflush} or {@code nft -f -}) plus the jumps from the built-in chains,
 * each checked with {@code -C} first. Jumps are added after the chains exist and removed before
 * the chains go (a chain still jumped to cannot be deleted).
 */
final class LbWriter {
    private LbWriter() {}

    /** Everything {@code mode} should hold on the node: {@code specs} is the whole set, empty to remove ours. */
    static List<Step> commit(Context ctx, LbNodeState node, String mode, List<ServiceSpec> specs) {
        if (LbMode.NFT.is(mode)) {
            if (specs.isEmpty()) return List.of(NftRules.applyStep(NftRules.deleteScript(), "remove our nft table"));
            List<ServiceSpec> installed = node.specs(mode);
            if (installed.isEmpty() || !node.nftMaps()) {
                return List.of(NftRules.applyStep(NftRules.scriptFor(specs), "write our nft table in one transaction"));
            }
            String update = NftRules.updateScript(installed, specs);
            return update.isEmpty()
                    ? List.of()
                    : List.of(NftRules.applyStep(update, "update map elements and chains in one transaction"));
        }
        var steps = new ArrayList<Step>();
        if (specs.isEmpty()) {
            steps.addAll(guarded(ctx, node, removalJumps(node.dockerUser())));
            steps.add(IptablesRules.restoreStep(IptablesRules.removalText(node.ourChains()),
                    "delete our chains in one commit"));
        } else {
            steps.add(IptablesRules.restoreStep(IptablesRules.restoreText(specs, node.ourChains()),
                    "write our chains in one commit"));
            steps.addAll(guarded(ctx, node, IptablesRules.jumpSteps(node.dockerUser())));
        }
        return steps;
    }

    /** {@code was}: the value before, restored if the change fails later; null when unknown. */
    static Step forwarding(String was) {
        Step on = Step.of("forward DNATed traffic to backends on other nodes", "sysctl", "-q", "-w",
                "net.ipv4.ip_forward=1");
        if (was == null || was.equals("1")) return on;
        return on.undoneBy(
                Step.of("undo: ip_forward back to " + was, "sysctl", "-q", "-w", "net.ipv4.ip_forward=" + was));
    }

    /** The VIP address; removed again if the change fails later, unless the node had it before. */
    static Step addVip(Endpoint vip, String dev, LbNodeState node) {
        Step add = Step.of("the VIP as a host address on the underlay", "ip", "addr", "replace", vip.address() + "/32",
                "dev", dev);
        if (node.devicesWithHostAddress(vip.address()).contains(dev)) return add;
        return add.undoneBy(
                Step.of("undo: remove the VIP address", "ip", "addr", "del", vip.address() + "/32", "dev", dev));
    }

    static Step removeVip(String address, String dev) {
        return Step.of("no service uses the VIP address any more", "ip", "addr", "del", address + "/32", "dev", dev);
    }

    /** Forgets the backend's tracked flows, so UDP (and TCP with --reset) stops reaching it at once. */
    static Step forgetFlows(ServiceSpec spec, Endpoint backend) {
        return Step.of("forget flows to the removed backend", "conntrack", "-D", "-p", spec.proto(),
                "--orig-dst", spec.vip().address(), "--dport", String.valueOf(spec.vip().port()), "--reply-src",
                backend.address());
    }

    /** Jumps from FORWARD and, when Docker is there, from DOCKER-USER: either may hold ours. */
    private static List<GuardedStep> removalJumps(boolean dockerUser) {
        var byCommand = new LinkedHashMap<List<String>, GuardedStep>();
        IptablesRules.removalJumpSteps(false).forEach(g -> byCommand.put(g.apply().argv(), g));
        if (dockerUser) IptablesRules.removalJumpSteps(true).forEach(g -> byCommand.putIfAbsent(g.apply().argv(), g));
        return List.copyOf(byCommand.values());
    }

    /**
     * Runs each check now (a read, also in a dry run) and keeps the changes it calls for. A dry-run node
     * has no kernel to ask: it stands for a fresh node, where no jump exists yet, so every change is shown.
     */
    private static List<Step> guarded(Context ctx, LbNodeState node, List<GuardedStep> guarded) {
        var steps = new ArrayList<Step>();
        boolean fresh = node.node().kind() == Transport.DRY_RUN;
        for (GuardedStep g : guarded) {
            int checked = fresh ? 1 : ctx.read(node.node(), g.check().argv()).exit();
            if (g.shouldApply(checked)) steps.add(g.apply());
        }
        return steps;
    }
}
