package netshell.lb.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The state of iptables as printed by {@code iptables-save} (with or without {@code -c}): tables,
 * chains and rules. Compare states with {@link #sameRules}, never by rule text: the kernel keeps
 * a probability as a fraction of 2^31 and prints 0.3333333333 back as 0.33333333349, and
 * counters change all the time.
 */
public final class IptablesSave {

    /** A chain declaration; built-in chains have a policy, user chains "-". */
    public record Chain(String table, String name, String policy, long packets, long bytes) {
        public boolean isBuiltin() { return !policy.equals("-"); }
        public boolean isOurs() { return ChainNames.isOurs(name); }
        String canonical() { return ":" + name + " " + policy; }
    }

    /**
     * One "-A" line: the match options in order (words as read, quotes removed), the target after
     * "-j"/"-g" with its arguments, and the first comment, if any.
     */
    public record Rule(String table, String chain, List<String> matches, String target, List<String> targetArgs,
            String comment, long packets, long bytes) {
        public Rule {
            matches = List.copyOf(matches);
            targetArgs = List.copyOf(targetArgs);
        }

        /** True when a statistic match limits the rule to a random share of packets. */
        public boolean hasProbability() {
            return option(matches, "--probability").isPresent();
        }

        /** The statistic probability as the kernel reports it; 1.0 for a rule without one (it takes all). */
        public double probability() {
            return option(matches, "--probability").map(Double::parseDouble).orElse(1.0);
        }

        /** The value following {@code name} among the target's arguments, e.g. "--to-destination". */
        public Optional<String> targetOption(String name) {
            return option(targetArgs, name);
        }

        /** Ours if it sits in our chain, jumps to our chain, or carries our comment tag. */
        public boolean isOurs() {
            return ChainNames.isOurs(chain) || ChainNames.isOurs(target)
                    || (comment != null && comment.startsWith(IptablesRules.TAG));
        }

        /** The rule as a line without counters, probability rounded to 1e-6 so read-back equals what was written. */
        public String canonical() {
            var words = new ArrayList<String>(List.of("-A", chain));
            for (int i = 0; i < matches.size(); i++) {
                String w = matches.get(i);
                boolean isProbability = i > 0 && matches.get(i - 1).equals("--probability");
                words.add(isProbability
                        ? String.format(Locale.ROOT, "%.6f", Double.parseDouble(w))
                        : SaveTokenizer.quote(w));
            }
            if (target != null) {
                words.add("-j");
                words.add(target);
                targetArgs.forEach(a -> words.add(SaveTokenizer.quote(a)));
            }
            return String.join(" ", words);
        }

        private static Optional<String> option(List<String> words, String name) {
            int i = words.indexOf(name);
            return i >= 0 && i + 1 < words.size() ? Optional.of(words.get(i + 1)) : Optional.empty();
        }
    }

    private static final Pattern CHAIN = Pattern.compile(":(\\S+)\\s+(\\S+)(?:\\s+\\[(\\d+):(\\d+)\\])?\\s*");
    private static final Pattern COUNTED_RULE = Pattern.compile("\\[(\\d+):(\\d+)\\]\\s+(-A\\s.*)");

    private final List<Chain> chains;
    private final List<Rule> rules;

    private IptablesSave(List<Chain> chains, List<Rule> rules) {
        this.chains = List.copyOf(chains);
        this.rules = List.copyOf(rules);
    }

    public static IptablesSave parse(String saveText) {
        var chains = new ArrayList<Chain>();
        var rules = new ArrayList<Rule>();
        String table = null;
        String[] lines = saveText.split("\n");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#") || line.equals("COMMIT")) continue;
            if (line.startsWith("*")) {
                table = line.substring(1);
                continue;
            }
            if (table == null) throw new IllegalArgumentException("line " + (n + 1) + ": no table yet: " + line);
            Matcher chain = CHAIN.matcher(line);
            if (chain.matches()) {
                chains.add(
                        new Chain(table, chain.group(1), chain.group(2), count(chain.group(3)), count(chain.group(4))));
                continue;
            }
            long packets = 0, bytes = 0;
            Matcher counted = COUNTED_RULE.matcher(line);
            if (counted.matches()) {
                packets = count(counted.group(1));
                bytes = count(counted.group(2));
                line = counted.group(3);
            }
            if (!line.startsWith("-A "))
                throw new IllegalArgumentException("line " + (n + 1) + ": not a rule: " + line);
            rules.add(rule(table, SaveTokenizer.tokens(line), packets, bytes));
        }
        return new IptablesSave(chains, rules);
    }

    private static Rule rule(String table, List<String> words, long packets, long bytes) {
        String chain = words.get(1);
        var matches = new ArrayList<String>();
        String target = null, comment = null;
        var targetArgs = new ArrayList<String>();
        for (int i = 2; i < words.size(); i++) {
            String w = words.get(i);
            if (target != null) {
                targetArgs.add(w);
            } else if ((w.equals("-j") || w.equals("-g")) && i + 1 < words.size()) {
                target = words.get(++i);
            } else if (w.equals("--comment") && i + 1 < words.size()) {
                // Taken as a pair so a comment that reads "-j" is never mistaken for the target.
                String text = words.get(++i);
                if (comment == null) comment = text;
                matches.add(w);
                matches.add(text);
            } else {
                matches.add(w);
            }
        }
        return new Rule(table, chain, matches, target, targetArgs, comment, packets, bytes);
    }

    private static long count(String digits) { return digits == null ? 0 : Long.parseLong(digits); }

    public List<Chain> chains() { return chains; }

    public List<Rule> rules() { return rules; }

    public List<Rule> rules(String table, String chain) {
        return rules.stream().filter(r -> r.table().equals(table) && r.chain().equals(chain)).toList();
    }

    /** Our rules: in our chains, jumping to them, or tagged with our comment. */
    public List<Rule> ours() {
        return rules.stream().filter(Rule::isOurs).toList();
    }

    /** Everyone else's rules; removal must leave these exactly as they were. */
    public List<Rule> foreign() {
        return rules.stream().filter(r -> !r.isOurs()).toList();
    }

    public List<Chain> ourChains() { return chains.stream().filter(Chain::isOurs).toList(); }

    public Set<String> ourChainNames() {
        var names = new LinkedHashSet<String>();
        ourChains().forEach(c -> names.add(c.name()));
        return Collections.unmodifiableSet(names);
    }

    /** The probabilities of a service chain's rules in order, as the kernel holds them (last rule 1.0). */
    public List<Double> ladder(String serviceChain) {
        return rules("nat", serviceChain).stream().map(Rule::probability).toList();
    }

    /**
     * Where each rule of a service chain sends traffic, in order: its own DNAT destination, or that
     * of the first DNAT rule in the backend chain it jumps to; "" when neither is found.
     */
    public List<String> dnatTargets(String serviceChain) {
        return rules("nat", serviceChain).stream().map(this::dnatDestination).toList();
    }

    private String dnatDestination(Rule r) {
        if ("DNAT".equals(r.target())) return r.targetOption("--to-destination").orElse("");
        return rules("nat", r.target() == null ? "" : r.target()).stream()
                .filter(x -> "DNAT".equals(x.target())).findFirst()
                .flatMap(x -> x.targetOption("--to-destination")).orElse("");
    }

    /** The state as comparable lines (see {@link SaveComparison#canonicalLines}). */
    public List<String> canonicalLines() {
        return SaveComparison.canonicalLines(chains, rules);
    }

    /** Same tables, chains, policies and rules in the same order; counters and probability rounding aside. */
    public static boolean sameRules(String saveA, String saveB) {
        return SaveComparison.sameRules(parse(saveA), parse(saveB));
    }

    /** Lines only in A ("- ...") then lines only in B ("+ ..."), in canonical form; empty when the sets agree. */
    public static List<String> diff(String saveA, String saveB) {
        return SaveComparison.diff(parse(saveA), parse(saveB));
    }
}
