package netshell.doctor.checks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import netshell.lb.rules.ChainNames;
import netshell.lb.rules.GuardedStep;
import netshell.lb.rules.IptablesRules;
import netshell.lb.rules.IptablesSave;
import netshell.lb.rules.ProbabilityLadder;

/**
 * The load balancer as iptables-save shows it: our chains and the jumps into them, an even
 * probability ladder per service, MASQUERADE for the return path, the hairpin SNAT for a backend calling its
 * own VIP, an accept where FORWARD drops, and backends that answer.
 */
final class LbChecks {
    /** A share may differ from 1/n by this much before the ladder counts as uneven (the kernel rounds to 2^-31). */
    static final double SHARE_TOLERANCE = 1e-3;

    private LbChecks() {}

    /** A service found in NETSHELL-SERVICES: VIP, port, protocol and its SVC chain. */
    record Service(String vip, String port, String proto, String chain) {
        String key() { return vip + ":" + port + "/" + proto; }
    }

    static boolean present(IptablesSave save) {
        return save != null
                && (!save.ourChains().isEmpty() || save.rules().stream().anyMatch(r -> ChainNames.isOurs(r.target())));
    }

    static List<Service> services(IptablesSave save) {
        List<Service> out = new ArrayList<>();
        for (IptablesSave.Rule r : save.rules("nat", ChainNames.SERVICES)) {
            if (r.target() == null || !r.target().startsWith(ChainNames.SERVICE_PREFIX)) continue;
            out.add(new Service(value(r.matches(), "-d").replaceFirst("/(32|128)$", ""), value(r.matches(), "--dport"),
                    value(r.matches(), "-p"), r.target()));
        }
        return out;
    }

    /** Backend addresses (without port) of every service, in order. */
    static List<String> backends(IptablesSave save) {
        Set<String> out = new LinkedHashSet<>();
        for (Service s : services(save)) {
            for (String d : save.dnatTargets(s.chain()))
                if (!d.isEmpty()) out.add(withoutPort(d));
        }
        return List.copyOf(out);
    }

    /** "10.0.0.65:80" → 10.0.0.65; "[fd00:10::41]:80" (ip6tables) → fd00:10::41. */
    static String withoutPort(String destination) {
        if (destination.startsWith("[")) return destination.substring(1, destination.indexOf(']'));
        return destination.contains(":") ? destination.substring(0, destination.lastIndexOf(':')) : destination;
    }

    static List<Finding> run(NodeFacts f, boolean overlayBroken) {
        if (f.iptablesSave() == null) return List.of();
        IptablesSave save = IptablesSave.parse(f.iptablesSave());
        if (!present(save)) return List.of();
        List<Finding> out = new ArrayList<>();
        out.addAll(chains(f.node(), save));
        List<Service> services = services(save);
        for (Service s : services) out.addAll(ladder(f.node(), save, s));
        out.addAll(masquerade(f.node(), save, services));
        out.addAll(hairpin(f.node(), save, services));
        out.addAll(forward(f.node(), save, services));
        out.addAll(backendReach(f, save, overlayBroken));
        return out;
    }

    private static List<Finding> chains(String node, IptablesSave save) {
        List<String> problems = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        for (String[] c : new String[][]{{"nat", ChainNames.SERVICES}, {"nat", ChainNames.POSTROUTING},
                {"filter", ChainNames.FORWARD}}) {
            if (save.chains().stream().noneMatch(x -> x.table().equals(c[0]) && x.name().equals(c[1]))) {
                problems.add("chain " + c[1] + " is missing from the " + c[0] + " table");
                fixes.add(Fix.of("iptables", "-w", "-t", c[0], "-N", c[1]));
            }
        }
        boolean dockerUser = save.chains().stream()
                .anyMatch(x -> x.table().equals("filter") && x.name().equals("DOCKER-USER"));
        for (GuardedStep g : IptablesRules.jumpSteps(dockerUser)) {
            List<String> argv = g.apply().argv();
            String table = argv.get(argv.indexOf("-t") + 1);
            String builtin = argv.get(argv.indexOf("-I") + 1);
            String target = argv.get(argv.size() - 1);
            boolean there = save.rules(table, builtin).stream().anyMatch(r -> target.equals(r.target()));
            if (!there) {
                problems.add("no jump from " + table + " " + builtin + " to " + target);
                fixes.add(Fix.line(argv));
            }
        }
        for (Service s : services(save)) {
            for (IptablesSave.Rule r : save.rules("nat", s.chain())) {
                boolean dnat = save.rules("nat", r.target() == null ? "" : r.target()).stream()
                        .anyMatch(x -> "DNAT".equals(x.target()));
                if (!dnat) problems.add(s.key() + " jumps to " + r.target() + ", which has no DNAT rule");
            }
        }
        if (problems.isEmpty())
            return List.of(
                    Finding.ok("lb-chains", node, "our chains and the jumps from PREROUTING, OUTPUT, POSTROUTING and "
                            + (dockerUser ? "DOCKER-USER" : "FORWARD") + " are in place"));
        return List.of(Finding.fail("lb-chains", node,
                String.join("; ", problems) + " on " + node + ": packets for the VIPs never reach"
                        + " the rules that pick a backend, so connections to them go nowhere or skip a step",
                fixes.isEmpty()
                        ? "re-add the service with 'lb add' so its chains are written whole again"
                        : Fix.all(fixes)));
    }

    private static List<Finding> ladder(String node, IptablesSave save, Service s) {
        List<IptablesSave.Rule> rules = save.rules("nat", s.chain());
        int n = rules.size();
        if (n == 0)
            return List.of(Finding.fail("lb-ladder", node,
                    s.key() + " has no backends: its chain " + s.chain() + " is empty, so"
                            + " connections to the VIP are refused or hang",
                    "re-add the service's backends with 'lb add'"));
        List<Double> ladder = rules.stream().map(r -> r.hasProbability() ? r.probability() : 1.0).toList();
        double[] shares = ProbabilityLadder.effectiveShares(ladder);
        List<Double> even = ProbabilityLadder.of(n);
        boolean ok = true;
        for (double share : shares) ok &= Math.abs(share - 1.0 / n) <= SHARE_TOLERANCE;
        ok &= !rules.get(n - 1).hasProbability();
        List<String> shown = new ArrayList<>();
        for (double share : shares) shown.add(String.format(Locale.ROOT, "%.0f%%", share * 100));
        if (ok)
            return List
                    .of(Finding.ok("lb-ladder", node, s.key() + ": " + n + " backends get " + String.join(" ", shown)));
        List<String> fixes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            IptablesSave.Rule r = rules.get(i);
            boolean last = i == n - 1;
            boolean right = last
                    ? !r.hasProbability()
                    : r.hasProbability() && Math.abs(r.probability() - even.get(i)) <= SHARE_TOLERANCE;
            if (!right) fixes.add(replaceRule(s.chain(), i + 1, r, last ? null : even.get(i)));
        }
        return List.of(Finding.fail("lb-ladder", node, s.key() + " sends " + String.join(" ", shown)
                + " of new connections to its " + n
                + " backends instead of an even share: rules are tried in order and each sees only what the earlier"
                + " ones let through, so rule i of n needs probability 1/(n-i) (1/n on every rule overloads the"
                + " last backend)",
                Fix.all(fixes)));
    }

    /** {@code iptables -R}: the same rule with the probability set (or, for the last rule, removed). */
    static String replaceRule(String chain, int number, IptablesSave.Rule r, Double probability) {
        List<String> matches = new ArrayList<>(r.matches());
        int p = matches.indexOf("--probability");
        if (p >= 0) {
            int start = matches.subList(0, p).lastIndexOf("statistic") - 1;
            if (start < 0) start = p;
            matches.subList(start, p + 2).clear();
        }
        if (probability != null)
            matches.addAll(List.of("-m", "statistic", "--mode", "random", "--probability",
                    ProbabilityLadder.format(probability)));
        List<String> argv = new ArrayList<>(
                List.of("iptables", "-w", "-t", "nat", "-R", chain, String.valueOf(number)));
        argv.addAll(matches);
        if (r.target() != null) {
            argv.add("-j");
            argv.add(r.target());
            argv.addAll(r.targetArgs());
        }
        return Fix.line(argv);
    }

    private static List<Finding> masquerade(String node, IptablesSave save, List<Service> services) {
        List<String> missing = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        for (Service s : services) {
            boolean found = save.rules("nat", ChainNames.POSTROUTING).stream()
                    .anyMatch(r -> "MASQUERADE".equals(r.target()) && matchesVip(r, s));
            if (!found) {
                missing.add(s.key());
                fixes.add(Fix.line(dnatRule("nat", ChainNames.POSTROUTING, s, "MASQUERADE")));
            }
        }
        if (missing.isEmpty())
            return services.isEmpty()
                    ? List.of()
                    : List.of(Finding.ok("lb-masquerade", node, "DNATed VIP traffic is masqueraded"));
        return List.of(Finding.fail("lb-masquerade", node, "no MASQUERADE for " + String.join(", ", missing) + " on "
                + node
                + ": a backend on another node answers straight to the client from its own address, not the VIP,"
                + " and the client drops the reply, so connections hang", Fix.all(fixes)));
    }

    /**
     * Per backend address of each service, the rule {@link IptablesRules#restoreText} writes before the MASQUERADE:
     * {@code -s B … -j SNAT --to-source VIP} (a backend's own connection to the VIP, see
     * {@link IptablesRules#hairpinAddresses}).
     */
    private static List<Finding> hairpin(String node, IptablesSave save, List<Service> services) {
        List<String> missing = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        List<IptablesSave.Rule> post = save.rules("nat", ChainNames.POSTROUTING);
        for (Service s : services) {
            Set<String> addresses = new LinkedHashSet<>();
            for (String d : save.dnatTargets(s.chain())) if (!d.isEmpty()) addresses.add(withoutPort(d));
            for (String b : addresses) {
                boolean found = post.stream().anyMatch(r -> "SNAT".equals(r.target()) && matchesVip(r, s)
                        && b.equals(host(value(r.matches(), "-s")))
                        && s.vip().equals(value(r.targetArgs(), "--to-source")));
                if (found) continue;
                missing.add(s.key() + " ← " + b);
                List<String> argv = new ArrayList<>(dnatRule("nat", ChainNames.POSTROUTING, s, "SNAT"));
                String bits = b.contains(":") ? "/128" : "/32";
                argv.set(argv.indexOf("-A"), "-I");
                argv.addAll(argv.indexOf(ChainNames.POSTROUTING) + 1, List.of("1", "-s", b + bits));
                argv.addAll(List.of("--to-source", s.vip()));
                fixes.add(Fix.line(argv));
            }
        }
        if (missing.isEmpty())
            return services.isEmpty()
                    ? List.of()
                    : List.of(
                            Finding.ok("lb-hairpin", node, "a backend calling its own VIP is source-NATed to the VIP"));
        return List.of(Finding.fail("lb-hairpin", node, "no hairpin SNAT for " + String.join(", ", missing) + " on "
                + node + ": when a backend calls the VIP and the DNAT picks that backend itself, or it and the backend"
                + " picked are both on other nodes, the reply is answered locally or bridged back out the port it came"
                + " in by and lost, so some of its connections fail",
                Fix.all(fixes)));
    }

    private static String host(String address) {
        return address.replaceFirst("/(32|128)$", "");
    }

    private static List<Finding> forward(String node, IptablesSave save, List<Service> services) {
        String policy = save.chains().stream().filter(c -> c.table().equals("filter") && c.name().equals("FORWARD"))
                .map(IptablesSave.Chain::policy).findFirst().orElse("ACCEPT");
        boolean docker = save.chains().stream()
                .anyMatch(c -> c.table().equals("filter") && c.name().startsWith("DOCKER"));
        boolean drops = policy.equals("DROP") || docker
                || save.rules("filter", "FORWARD").stream()
                        .anyMatch(r -> "DROP".equals(r.target()) || "REJECT".equals(r.target()));
        if (!drops)
            return services.isEmpty()
                    ? List.of()
                    : List.of(Finding.ok("lb-forward", node,
                            "FORWARD lets forwarded traffic through (policy " + policy + ")"));
        List<String> missing = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        for (Service s : services) {
            boolean found = save.rules("filter", ChainNames.FORWARD).stream()
                    .anyMatch(r -> "ACCEPT".equals(r.target()) && matchesVip(r, s));
            if (!found) {
                missing.add(s.key());
                fixes.add(Fix.line(dnatRule("filter", ChainNames.FORWARD, s, "ACCEPT")));
            }
        }
        String why = docker
                ? "Docker's chains drop forwarded traffic"
                : "FORWARD " + (policy.equals("DROP") ? "has policy DROP" : "drops traffic");
        if (missing.isEmpty())
            return List.of(Finding.ok("lb-forward", node, why + ", and our accept for DNATed VIP traffic comes first"));
        return List.of(Finding.fail("lb-forward", node,
                why + " on " + node + " and nothing of ours accepts DNATed traffic for "
                        + String.join(", ", missing)
                        + ": connections to a backend on another node are dropped when forwarded",
                Fix.all(fixes)));
    }

    private static List<Finding> backendReach(NodeFacts f, IptablesSave save, boolean overlayBroken) {
        List<Finding> out = new ArrayList<>();
        List<String> silent = new ArrayList<>();
        for (String b : backends(save)) {
            Boolean reached = f.backendReach().get(b);
            if (reached != null && !reached) silent.add(b);
        }
        if (silent.isEmpty()) {
            if (!f.backendReach().isEmpty())
                out.add(Finding.ok("lb-backends", f.node(), "backends answer: " + String.join(", ", backends(save))));
            return out;
        }
        String why = "backend" + (silent.size() > 1 ? "s " : " ") + String.join(", ", silent)
                + " gave no answer to a ping from " + f.node()
                + ": connections the ladder sends there fail";
        String fix = "check: " + Fix.of("ip", "route", "get", silent.get(0))
                + " (start the backend, or remove it from the service)";
        // A broken overlay explains silent backends: report the cause as the failure, this as its consequence.
        out.add(overlayBroken
                ? Finding.warn("lb-backends", f.node(),
                        why + " (probably a consequence of the overlay failure reported above)",
                        "fix the overlay first")
                : Finding.fail("lb-backends", f.node(), why, fix));
        return out;
    }

    private static boolean matchesVip(IptablesSave.Rule r, Service s) {
        return s.vip().equals(value(r.matches(), "--ctorigdst").replaceFirst("/(32|128)$", ""))
                && s.port().equals(value(r.matches(), "--ctorigdstport"));
    }

    private static List<String> dnatRule(String table, String chain, Service s, String target) {
        return List.of("iptables", "-w", "-t", table, "-A", chain, "-p", s.proto(), "-m", "comment", "--comment",
                IptablesRules.TAG + ":" + s.key(),
                "-m", "conntrack", "--ctstate", "DNAT", "--ctorigdst", s.vip(), "--ctorigdstport", s.port(), "-j",
                target);
    }

    private static String value(List<String> words, String option) {
        int i = words.indexOf(option);
        return i >= 0 && i + 1 < words.size() ? words.get(i + 1) : "";
    }
}
