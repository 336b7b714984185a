package netshell.lb.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

import netshell.core.BadInput;
import netshell.core.Step;

/**
 * Load-balancer rules for iptables, programmed the way kube-proxy does it.
 *
 * <ul>
 *   <li>All rules live in our own chains ({@code NETSHELL-...}); each chain is written whole by
 *       one {@code iptables-restore --noflush}, which the kernel commits atomically: no window
 *       where half a ladder is installed, and no duplicates however often it runs.</li>
 *   <li>Built-in chains get exactly one jump each, added only after {@code -C} finds it missing.</li>
 *   <li>Every rule carries a {@code netshell} comment and every chain our prefix, so removal deletes
 *       exactly our jumps and chains and leaves foreign rules byte-identical.</li>
 * </ul>
 *
 * Layout (nat): SERVICES matches VIP:port and jumps to SVC-hash, which picks a backend with the
 * probability ladder and jumps to SEP-hash, which DNATs. POSTROUTING masquerades DNATed VIP
 * traffic so replies from backends on other nodes come back through us, and source-NATs a backend's
 * connection to its VIP (a hairpin when the DNAT picks the caller) to the VIP address. (filter) FORWARD accepts
 * only DNATed VIP traffic, never everything.
 *
 * <p>Order: install with {@link #restoreStep} then {@link #jumpSteps}; remove with
 * {@link #removalJumpSteps} then {@link #removalText} (a chain still jumped to cannot be deleted).
 */
public final class IptablesRules {
    private IptablesRules() {}

    /** Tag on the jumps from built-in chains; service rules carry {@code netshell:VIP:PORT/PROTO}. */
    public static final String TAG = "netshell";

    /** Everything for a node, from scratch (no stale chains to delete). */
    public static String restoreText(List<ServiceSpec> allServicesOnNode) {
        return restoreText(allServicesOnNode, Set.of());
    }

    /**
     * Everything for a node in one commit per table. {@code existingChains} are chain names found on
     * the node (e.g. {@link IptablesSave#ourChainNames()}); our per-service chains among them that
     * no service needs any more are flushed and deleted in the same commit.
     */
    public static String restoreText(List<ServiceSpec> allServicesOnNode, Set<String> existingChains) {
        return restoreText(allServicesOnNode, existingChains, ProbabilityLadder::of);
    }

    /**
     * As above with another ladder ({@link ProbabilityLadder#naive}), so tests and the benchmark can
     * show what a wrong ladder does to the spread; the last rule is always written unconditional.
     */
    public static String restoreText(List<ServiceSpec> allServicesOnNode, Set<String> existingChains,
            IntFunction<List<Double>> ladderFor) {
        List<ServiceSpec> services = sorted(allServicesOnNode);
        var natChains = new LinkedHashSet<String>(List.of(ChainNames.SERVICES, ChainNames.POSTROUTING));
        var natRules = new ArrayList<String>();
        var postRules = new ArrayList<String>();
        var forwardRules = new ArrayList<String>();
        for (ServiceSpec s : services) {
            String svc = ChainNames.service(s);
            natChains.add(svc);
            natRules.add("-A " + ChainNames.SERVICES + " -d " + s.vip().address() + "/" + s.vip().hostBits() + " -p "
                    + s.proto()
                    + comment(serviceComment(s)) + " -m " + s.proto() + " --dport " + s.vip().port() + " -j " + svc);
            List<Double> ladder = ladderFor.apply(s.backends().size());
            for (int i = 0; i < s.backends().size(); i++) {
                Endpoint b = s.backends().get(i);
                String sep = ChainNames.backend(s, b);
                natChains.add(sep);
                String statistic = i == ladder.size() - 1
                        ? ""
                        : " -m statistic --mode random --probability " + ProbabilityLadder.format(ladder.get(i));
                natRules.add("-A " + svc + comment(backendComment(s, b)) + statistic + " -j " + sep);
            }
            for (Endpoint b : s.backends()) {
                natRules.add("-A " + ChainNames.backend(s, b) + " -p " + s.proto() + comment(backendComment(s, b))
                        + " -j DNAT --to-destination " + b);
            }
            String dnatToVip = " -p " + s.proto() + comment(serviceComment(s))
                    + " -m conntrack --ctstate DNAT --ctorigdst "
                    + s.vip().address() + " --ctorigdstport " + s.vip().port();
            for (String b : hairpinAddresses(s)) {
                String host = " " + b + "/" + s.vip().hostBits();
                postRules.add("-A " + ChainNames.POSTROUTING + " -s" + host + dnatToVip
                        + " -j SNAT --to-source " + s.vip().address());
            }
            postRules.add("-A " + ChainNames.POSTROUTING + dnatToVip + " -j MASQUERADE");
            forwardRules.add("-A " + ChainNames.FORWARD + dnatToVip + " -j ACCEPT");
        }
        var stale = existingChains.stream()
                .filter(ChainNames::isPerService).filter(c -> !natChains.contains(c)).sorted().toList();

        var out = new StringBuilder("*nat\n");
        natChains.forEach(c -> out.append(declare(c)));
        stale.forEach(c -> out.append(declare(c)));
        natRules.forEach(r -> out.append(r).append('\n'));
        postRules.forEach(r -> out.append(r).append('\n'));
        stale.forEach(c -> out.append("-X ").append(c).append('\n'));
        out.append("COMMIT\n*filter\n").append(declare(ChainNames.FORWARD));
        forwardRules.forEach(r -> out.append(r).append('\n'));
        return out.append("COMMIT\n").toString();
    }

    /**
     * Flushes and deletes every chain of ours: the fixed ones and any per-service chain in
     * {@code existingChains}. Declaring a chain creates it if absent, so this also works when
     * nothing is installed. Run after {@link #removalJumpSteps}.
     */
    public static String removalText(Set<String> existingChains) {
        var nat = new ArrayList<>(List.of(ChainNames.SERVICES, ChainNames.POSTROUTING));
        existingChains.stream().filter(ChainNames::isPerService).sorted().forEach(nat::add);
        var out = new StringBuilder("*nat\n");
        nat.forEach(c -> out.append(declare(c)));
        nat.forEach(c -> out.append("-X ").append(c).append('\n'));
        out.append("COMMIT\n*filter\n").append(declare(ChainNames.FORWARD));
        out.append("-X ").append(ChainNames.FORWARD).append('\n');
        return out.append("COMMIT\n").toString();
    }

    /** Feeds restore or removal text to the kernel in one atomic commit, leaving other chains alone. */
    public static Step restoreStep(String text, String why) {
        return restoreStep(text, why, false);
    }

    /** As above, for IPv6 services through {@code ip6tables-restore} (its own tables and chains). */
    public static Step restoreStep(String text, String why, boolean v6) {
        return Step.withInput(why, text, v6 ? "ip6tables-restore" : "iptables-restore", "-w", "--noflush")
                .touching(ChainNames.stateGroup(v6, "nat"), ChainNames.stateGroup(v6, "filter"));
    }

    /** One jump per built-in hook, inserted first in the chain, only when {@code -C} finds it missing. */
    public static List<GuardedStep> jumpSteps(boolean dockerUser) {
        return jumpSteps(dockerUser, false);
    }

    /** As above, in ip6tables when {@code v6}. */
    public static List<GuardedStep> jumpSteps(boolean dockerUser, boolean v6) {
        return hooks(dockerUser, v6).stream()
                .map(h -> GuardedStep.unlessPresent(h.step("-C", "is the jump there?"), h.step("-I", "add the jump")))
                .toList();
    }

    /** Deletes our jumps (same spec as inserted) only where {@code -C} finds them; nothing else is touched. */
    public static List<GuardedStep> removalJumpSteps(boolean dockerUser) {
        return removalJumpSteps(dockerUser, false);
    }

    /** As above, in ip6tables when {@code v6}. */
    public static List<GuardedStep> removalJumpSteps(boolean dockerUser, boolean v6) {
        return hooks(dockerUser, v6).stream()
                .map(h -> GuardedStep.ifPresent(h.step("-C", "is the jump there?"), h.step("-D", "delete the jump")))
                .toList();
    }

    /**
     * What {@code iptables -C} would answer for a jump check ({@link #jumpSteps}, {@link #removalJumpSteps}), read off
     * a save that holds our lines: true when the same rule (same matches, comment and target) is in the same table
     * and chain. So the checks cost no round trip of their own.
     */
    public static boolean holds(IptablesSave save, Step check) {
        List<String> argv = check.argv();
        int table = argv.indexOf("-t"), op = argv.indexOf("-C");
        if (table < 0 || op < 0 || op + 1 >= argv.size()) throw new IllegalArgumentException("not a -C check: " + argv);
        var words = new ArrayList<String>(List.of("-A"));
        argv.subList(op + 1, argv.size()).forEach(w -> words.add(SaveTokenizer.quote(w)));
        String line = String.join(" ", words);
        String tableName = argv.get(table + 1);
        return save.rules().stream().anyMatch(r -> r.table().equals(tableName) && r.canonical().equals(line));
    }

    private record Hook(String command, String table, String builtin, String target) {
        Step step(String op, String why) {
            return Step.of(why + " (" + table + " " + builtin + " -> " + target + ")",
                    command, "-w", "-t", table, op, builtin, "-m", "comment", "--comment", TAG, "-j", target)
                    .touching(ChainNames.stateGroup(command.startsWith("ip6"), table));
        }
    }

    /** Docker flushes FORWARD's own rules but leaves DOCKER-USER to the admin, so that is where we hook. */
    private static List<Hook> hooks(boolean dockerUser, boolean v6) {
        String command = v6 ? "ip6tables" : "iptables";
        return List.of(
                new Hook(command, "nat", "PREROUTING", ChainNames.SERVICES),
                new Hook(command, "nat", "OUTPUT", ChainNames.SERVICES),
                new Hook(command, "nat", "POSTROUTING", ChainNames.POSTROUTING),
                new Hook(command, "filter", dockerUser ? "DOCKER-USER" : "FORWARD", ChainNames.FORWARD));
    }

    /**
     * The backend addresses of a service, once each, in the order given. A backend calling its VIP gets its
     * connection from the VIP's address: not its own, with which a backend the DNAT picked would answer itself
     * locally when it is the caller (a hairpin), nor the bridge's, to which a backend on another node replies over the
     * overlay, where the VIP's node (bridge-nf-call-iptables=1) un-NATs the reply on the bridge and sends it back out
     * the VXLAN port it came in by when the caller is on another node too, and the bridge drops it. A reply to the
     * VIP is routed to the VIP's node, un-NATed there, and routed on to the caller.
     */
    public static List<String> hairpinAddresses(ServiceSpec s) {
        return s.backends().stream().map(Endpoint::address).distinct().toList();
    }

    public static String serviceComment(ServiceSpec s) { return TAG + ":" + s.key(); }

    public static String backendComment(ServiceSpec s, Endpoint b) { return TAG + ":" + s.key() + " -> " + b; }

    /** Quoted the way iptables-save prints it, so our text and the kernel's read-back look alike. */
    private static String comment(String text) {
        return " -m comment --comment " + (text.contains(" ") ? "\"" + text + "\"" : text);
    }

    private static String declare(String chain) { return ":" + chain + " - [0:0]\n"; }

    /** Same services, same text, whatever order the caller kept them in. */
    static List<ServiceSpec> sorted(List<ServiceSpec> services) {
        var keys = new HashSet<String>();
        for (ServiceSpec s : services) {
            if (!keys.add(s.key())) throw new BadInput("service " + s.key() + " is defined twice");
        }
        return services.stream().sorted(Comparator
                .comparing(ServiceSpec::isV6).thenComparing((ServiceSpec s) -> s.vip().numeric())
                .thenComparingInt(s -> s.vip().port()).thenComparing(ServiceSpec::proto)).toList();
    }

    static long ipv4AsLong(String dottedQuad) {
        long v = 0;
        for (String part : dottedQuad.split("\\.")) v = v << 8 | Integer.parseInt(part);
        return v;
    }
}
