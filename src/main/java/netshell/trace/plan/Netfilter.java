package netshell.trace.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import netshell.core.IpFamily;

/**
 * Walks an iptables table's chains for one packet, as the kernel does: rules in order, jumps into user chains and
 * back, the built-in chain's policy at the end. A random (statistic) rule forks the walk, so a VIP's nat table
 * gives one outcome per backend with its probability. A match it cannot judge without a packet is counted as not
 * matching and named in {@link Outcome#undecided}.
 */
final class Netfilter {
    /**
     * How a walk ended: ACCEPT, DROP, REJECT, DNAT, SNAT or MASQUERADE; the rule that decided it (null for the
     * policy), the chain where it ended, the translation target, the share of packets that end so, and what the
     * walk could not judge.
     */
    record Outcome(String action, Ruleset.Rule rule, String table, String chain, String to, double probability,
            List<String> undecided) {
        boolean drops() { return action.equals("DROP") || action.equals("REJECT"); }

        /** "filter FORWARD rule 1: -A FORWARD -d 10.0.0.129/32 -j DROP", or the chain's policy. */
        String text() {
            return rule == null
                    ? table + " " + chain + " policy " + action
                    : table + " " + rule.chain() + " rule " + rule.position() + ": " + rule.line();
        }
    }

    private static final Set<String> NON_TERMINAL = Set.of("LOG", "NFLOG", "ULOG", "MARK", "CONNMARK", "CT", "TRACE",
            "CLASSIFY", "DSCP", "TOS", "TCPMSS", "NOTRACK", "AUDIT", "CHECKSUM", "SET", "NFQUEUE");

    private Netfilter() {}

    /** Every way the packet can leave {@code chain} of {@code table} (one, unless a random rule forks it). */
    static List<Outcome> walk(Ruleset rs, String table, String chain, Flow f) {
        List<Outcome> out = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        for (Partial p : chain(rs, table, chain, f, 1.0, 0, undecided)) {
            out.add(p.outcome != null && !p.outcome.action().equals("RETURN")
                    ? p.outcome
                    : new Outcome(rs.policy(table, chain), null, table, chain, null, p.probability,
                            List.copyOf(undecided)));
        }
        return out;
    }

    /** A walk that either ended with an outcome, or fell off the chain's end (outcome null). */
    private record Partial(Outcome outcome, double probability) {}

    private static List<Partial> chain(Ruleset rs, String table, String chain, Flow f, double prob, int depth,
            List<String> undecided) {
        return from(rs, table, rs.rules(table, chain), 0, f, prob, depth, undecided);
    }

    private static List<Partial> from(Ruleset rs, String table, List<Ruleset.Rule> rules, int start, Flow f,
            double prob, int depth, List<String> undecided) {
        if (depth > 32) return List.of(new Partial(null, prob));
        for (int i = start; i < rules.size(); i++) {
            Ruleset.Rule r = rules.get(i);
            Match m = match(r, f, undecided);
            if (!m.matches) continue;
            List<Partial> taken = target(rs, table, r, f, prob * m.probability, depth, undecided);
            if (m.probability >= 1.0) return continueAfter(taken, rs, table, rules, i, f, depth, undecided);
            List<Partial> out = new ArrayList<>(continueAfter(taken, rs, table, rules, i, f, depth, undecided));
            out.addAll(from(rs, table, rules, i + 1, f, prob * (1 - m.probability), depth, undecided));
            return out;
        }
        return List.of(new Partial(null, prob));
    }

    /** Walks that fell off a jumped-to chain go on with the rule after the jump. */
    private static List<Partial> continueAfter(List<Partial> taken, Ruleset rs, String table,
            List<Ruleset.Rule> rules, int i, Flow f, int depth, List<String> undecided) {
        List<Partial> out = new ArrayList<>();
        for (Partial p : taken) {
            if (p.outcome != null) out.add(p);
            else if (p.probability > 0) out.addAll(from(rs, table, rules, i + 1, f, p.probability, depth, undecided));
        }
        return out;
    }

    private static List<Partial> target(Ruleset rs, String table, Ruleset.Rule r, Flow f, double prob, int depth,
            List<String> undecided) {
        List<String> w = r.words();
        int j = w.indexOf("-j");
        int g = w.indexOf("-g");
        int at = j >= 0 ? j : g;
        if (at < 0 || at + 1 >= w.size()) return List.of(new Partial(null, prob));
        String target = w.get(at + 1);
        switch (target) {
            case "ACCEPT", "DROP", "REJECT", "MASQUERADE" -> {
                return List.of(new Partial(new Outcome(target, r, table, r.chain(), null, prob, List.copyOf(undecided)),
                        prob));
            }
            case "DNAT", "SNAT" -> {
                String to = option(w, target.equals("DNAT") ? "--to-destination" : "--to-source");
                return List.of(new Partial(new Outcome(target, r, table, r.chain(), to, prob, List.copyOf(undecided)),
                        prob));
            }
            case "RETURN" -> {
                return List.of(new Partial(new Outcome("RETURN", r, table, r.chain(), null, prob, List.of()), prob));
            }
            default -> {
                if (rs.hasChain(table, target)) {
                    List<Partial> inner = chain(rs, table, target, f, prob, depth + 1, undecided);
                    // RETURN ends the jumped-to chain only: the walk goes on after the jump.
                    return inner.stream().map(p -> p.outcome != null && p.outcome.action().equals("RETURN")
                            ? new Partial(null, p.probability)
                            : p).toList();
                }
                if (!NON_TERMINAL.contains(target)) {
                    undecided.add("target " + target + " of " + table + " " + r.chain() + " rule " + r.position()
                            + " is not simulated; the walk goes on");
                }
                return List.of(new Partial(null, prob));
            }
        }
    }

    /** Whether the rule's matches hold, and for a statistic match the share of packets it takes. */
    private record Match(boolean matches, double probability) {}

    private static Match match(Ruleset.Rule r, Flow f, List<String> undecided) {
        List<String> w = r.words();
        double prob = 1.0;
        boolean neg = false;
        for (int i = 0; i < w.size(); i++) {
            String o = w.get(i);
            if (o.equals("!")) {
                neg = true;
                continue;
            }
            if (o.equals("-j") || o.equals("-g")) break;
            String v = i + 1 < w.size() ? w.get(i + 1) : "";
            Boolean ok;
            boolean takesValue = true;
            switch (o) {
                case "-s", "--source" -> ok = Ip.contains(v, f.src());
                case "-d", "--destination" -> ok = Ip.contains(v, f.dst());
                case "-p", "--protocol" -> ok = v.equals("all") || protocol(v, f);
                case "-i", "--in-interface" -> ok = device(v, f.in());
                case "-o", "--out-interface" -> ok = device(v, f.out());
                // The reverse path check needs the kernel's lookup at the time of the packet: not judged here.
                case "-m", "--match" -> ok = v.equals("rpfilter") ? null : Boolean.TRUE;
                case "--comment", "--mode" -> ok = true;
                case "--dport", "--destination-port" -> ok = port(v, f.dport());
                case "--sport", "--source-port" -> ok = port(v, f.sport());
                case "--dports", "--destination-ports" -> ok = ports(v, f.dport());
                case "--sports", "--source-ports" -> ok = ports(v, f.sport());
                case "--ctstate", "--state" -> ok = states(v, f.ctstate());
                case "--ctorigdst" -> ok = f.origDst() != null && Ip.contains(v, f.origDst());
                case "--ctorigdstport" -> ok = f.origDport() != null && port(v, f.origDport());
                case "--dst-type" -> ok = addrType(v, f.dst(), f);
                case "--src-type" -> ok = addrType(v, f.src(), f);
                case "--probability" -> {
                    ok = true;
                    try {
                        prob = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        ok = null;
                    }
                }
                case "--syn" -> {
                    ok = "tcp".equals(f.proto()) && f.syn();
                    takesValue = false;
                }
                case "--icmp-type" -> ok = icmp(v, f);
                case "--icmpv6-type" -> ok = icmpv6(v, f);
                case "--mark" -> ok = v.equals("0x0") || v.equals("0") || v.startsWith("0x0/");
                default -> ok = null;
            }
            if (ok == null) {
                undecided.add(r.table() + " " + r.chain() + " rule " + r.position() + ": cannot judge '" + o
                        + (o.equals("-m") || o.equals("--match") ? " " + v : "")
                        + "' without a packet; counted as not matching");
                return new Match(false, 1.0);
            }
            if (ok == neg) return new Match(false, 1.0);
            neg = false;
            if (takesValue) i++;
        }
        return new Match(true, prob);
    }

    private static boolean device(String pattern, String dev) {
        if (dev == null) return false;
        return pattern.endsWith("+") ? dev.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(dev);
    }

    private static boolean port(String spec, Integer port) {
        if (port == null) return false;
        String[] range = spec.split(":", -1);
        try {
            if (range.length == 2) {
                int lo = range[0].isEmpty() ? 0 : Integer.parseInt(range[0]);
                int hi = range[1].isEmpty() ? 65535 : Integer.parseInt(range[1]);
                return port >= lo && port <= hi;
            }
            return Integer.parseInt(spec) == port;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean ports(String list, Integer port) {
        for (String p : list.split(",")) if (port(p, port)) return true;
        return false;
    }

    private static boolean states(String list, Set<String> states) {
        for (String s : list.split(",")) if (states.contains(s.toUpperCase(Locale.ROOT))) return true;
        return false;
    }

    private static Boolean addrType(String type, String address, Flow f) {
        return switch (type.toUpperCase(Locale.ROOT)) {
            case "LOCAL" -> f.localAddresses().contains(address);
            case "UNICAST" -> !f.localAddresses().contains(address) && !address.endsWith(".255");
            default -> null;
        };
    }

    /** iptables' -p: a name or number; in ip6tables, ICMPv6 is "ipv6-icmp", "icmpv6" or 58 ("icmp" is IPv4's). */
    private static boolean protocol(String p, Flow f) {
        if (Ip.family(f.dst()) == IpFamily.V6 && "icmp".equals(f.proto()))
            return p.equalsIgnoreCase("ipv6-icmp") || p.equalsIgnoreCase("icmpv6") || p.equals("58");
        return p.equalsIgnoreCase(f.proto());
    }

    private static Boolean icmpv6(String type, Flow f) {
        if (!"icmp".equals(f.proto()) || Ip.family(f.dst()) != IpFamily.V6) return false;
        boolean request = f.syn(); // by direction, as icmp's types below
        return switch (type) {
            case "128", "echo-request" -> request;
            case "129", "echo-reply" -> !request;
            case "any" -> true;
            // Neighbour discovery, errors and the rest: a traced echo is none of them.
            default -> type.matches("\\d+") || type.matches("[a-z-]+") ? false : null;
        };
    }

    private static Boolean icmp(String type, Flow f) {
        if (!"icmp".equals(f.proto()) || Ip.family(f.dst()) != IpFamily.V4) return false;
        // By direction, not conntrack state: a chain before conntrack (raw) sees no state at all.
        boolean request = f.syn();
        return switch (type) {
            case "8", "echo-request" -> request;
            case "0", "echo-reply" -> !request;
            case "any" -> true;
            default -> null;
        };
    }

    static String option(List<String> words, String name) {
        int i = words.indexOf(name);
        return i >= 0 && i + 1 < words.size() ? words.get(i + 1) : null;
    }
}
