package netshell.command;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netshell.core.BadInput;
import netshell.core.Suggest;

/**
 * Matches the words after a verb against its parameters, the one parser of every command line (raw node
 * commands included): {@code --name value}, {@code --name=value}, flags, positionals. A repeatable option takes
 * {@code --backend A --backend B}, {@code --backend A,B} and {@code --backend A B}. A rest parameter starts at the
 * first word that is not an option and takes every word after it verbatim ({@code container exec c1 df -h}
 * keeps -h). A quoted word is never an option.
 */
public final class ArgParser {
    private ArgParser() {}

    public static Args parse(Verb verb, List<String> words) {
        return parse(verb, words, Set.of());
    }

    /** {@code quoted}: the indexes (in words) of the words that were quoted. */
    public static Args parse(Verb verb, List<String> words, Set<Integer> quoted) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        Map<String, Set<Integer>> quotedValues = new LinkedHashMap<>();
        List<Param> positionals = verb.positionals();
        int next = 0;
        boolean onlyPositionals = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            boolean option = !onlyPositionals && !quoted.contains(i) && (isOptionWord(w) || digitAlias(verb, w));
            if (!option && next < positionals.size() && positionals.get(next).kind() == Param.Kind.REST) {
                Param p = positionals.get(next);
                take(values, quotedValues, p, words, i, words.size(), quoted);
                break;
            }
            if (option && w.equals("--")) { onlyPositionals = true; continue; }
            if (option) {
                i = option(verb, words, i, values, positionals.size() - next, quoted);
                continue;
            }
            if (next >= positionals.size()) throw new BadInput("unexpected argument '" + w + "'");
            Param p = positionals.get(next);
            take(values, quotedValues, p, words, i, i + 1, quoted);
            if (!p.repeatable()) next++;
        }
        if (!values.containsKey(Param.HELP.name())) {
            for (Param p : verb.params()) {
                if (!values.containsKey(p.name()) && p.required())
                    throw new BadInput("missing " + (p.isOption() ? "--" + p.name() : p.name().toUpperCase())
                            + " (usage: " + usage(verb) + ")");
            }
        }
        for (Param p : verb.params()) {
            if (!values.containsKey(p.name()) && p.defaultValue() != null)
                values.put(p.name(), List.of(p.defaultValue()));
        }
        return new Args(values, quotedValues);
    }

    private static void take(Map<String, List<String>> values, Map<String, Set<Integer>> quotedValues, Param p,
            List<String> words, int from, int to, Set<Integer> quoted) {
        List<String> list = values.computeIfAbsent(p.name(), k -> new ArrayList<>());
        for (int j = from; j < to; j++) {
            if (quoted.contains(j)) quotedValues.computeIfAbsent(p.name(), k -> new HashSet<>()).add(list.size());
            list.add(words.get(j));
        }
    }

    /** Reads the option at words[i] (and its values); returns the index of the last word it took. */
    private static int option(Verb verb, List<String> words, int i, Map<String, List<String>> values,
            int positionalsLeft, Set<Integer> quoted) {
        String w = words.get(i);
        String key = w.startsWith("--") ? w.substring(2) : w.substring(1);
        String inline = null;
        int eq = key.indexOf('=');
        if (eq >= 0) {
            inline = key.substring(eq + 1);
            key = key.substring(0, eq);
        }
        String k = key;
        Param p = verb.option(k).orElseThrow(() -> new BadInput("unknown option '" + w + "'" + suggest(verb, w)));
        if (p.kind() == Param.Kind.FLAG) {
            if (inline != null) throw new BadInput("--" + p.name() + " takes no value");
            values.put(p.name(), List.of("true"));
            return i;
        }
        List<String> given = new ArrayList<>();
        if (inline != null) {
            given.add(inline);
        } else {
            if (i + 1 >= words.size()) throw new BadInput("--" + p.name() + " needs a value");
            given.add(words.get(++i));
        }
        if (p.repeatable() && !restAhead(verb, positionalsLeft)) {
            // --backend A B: the words up to the next option, less those the positionals still need.
            int end = i + 1;
            while (end < words.size() && (quoted.contains(end) || !isOptionWord(words.get(end)))) end++;
            int more = Math.max(0, end - (i + 1) - Math.max(0, requiredLeft(verb, values, positionalsLeft)));
            for (int j = 0; j < more; j++) given.add(words.get(++i));
        }
        List<String> list = values.computeIfAbsent(p.name(), x -> new ArrayList<>());
        if (!p.repeatable()) list.clear();
        for (String g : given) {
            for (String value : p.repeatable() ? List.of(g.split(",", -1)) : List.of(g)) {
                if (value.isEmpty()) throw new BadInput("--" + p.name() + " has an empty value");
                if (!p.choices().isEmpty() && !p.choices().contains(value)) {
                    throw new BadInput("--" + p.name() + " must be one of " + String.join(", ", p.choices())
                            + ", not '" + value + "'" + Suggest.didYouMean(value, p.choices()));
                }
                list.add(value);
            }
        }
        return i;
    }

    /** Whether a verbatim rest is still to come: then an option takes one value per use (-x A -x B, -x A,B). */
    private static boolean restAhead(Verb verb, int left) {
        List<Param> positionals = verb.positionals();
        return positionals.subList(positionals.size() - left, positionals.size()).stream()
                .anyMatch(p -> p.kind() == Param.Kind.REST);
    }

    /** Required positionals not given yet (the last {@code left} of the verb's positionals). */
    private static int requiredLeft(Verb verb, Map<String, List<String>> values, int left) {
        List<Param> positionals = verb.positionals();
        int n = 0;
        for (Param p : positionals.subList(positionals.size() - left, positionals.size())) {
            if (p.required() && !values.containsKey(p.name())) n++;
        }
        return n;
    }

    /** Negative numbers are values, not options. */
    public static boolean isOptionWord(String w) {
        return w.length() > 1 && w.charAt(0) == '-' && !Character.isDigit(w.charAt(1));
    }

    /** A dash and one digit that the verb takes as a short option ({@code trace … -6}), not a negative number. */
    private static boolean digitAlias(Verb verb, String w) {
        return w.length() == 2 && w.charAt(0) == '-' && Character.isDigit(w.charAt(1))
                && verb.option(w.substring(1)).isPresent();
    }

    public static String usage(Verb verb) {
        StringBuilder sb = new StringBuilder(verb.name());
        for (Param p : verb.params()) sb.append(sb.length() > 0 ? " " : "").append(p.usage());
        return sb.toString();
    }

    private static String suggest(Verb verb, String word) {
        List<String> names = new ArrayList<>();
        for (Param p : verb.offeredOptions()) {
            names.add("--" + p.name());
            if (p.alias() != null) names.add("-" + p.alias());
        }
        String near = Suggest.didYouMean(word.split("=", 2)[0], names);
        if (!near.isEmpty()) return near;
        List<String> own = verb.options().stream().map(p -> "--" + p.name()).toList();
        return own.isEmpty() ? "" : " (options: " + String.join(", ", own) + ")";
    }

    /** Where the next word of a line falls: the parameter it fills, or the option whose value it is. */
    public record Position(Param param, boolean optionValue, boolean inRest, Set<String> given) {}

    /**
     * What the word after {@code words} would be, read as parse() reads: used by completion, hints and {@code ?}, so
     * that they offer what the parser takes. Never throws: unknown words are skipped.
     */
    public static Position position(Verb verb, List<String> words) {
        List<Param> positionals = verb.positionals();
        Set<String> given = new HashSet<>();
        int next = 0;
        Param awaiting = null;
        boolean onlyPositionals = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            boolean option = !onlyPositionals && (isOptionWord(w) || digitAlias(verb, w));
            if (!option && next < positionals.size() && positionals.get(next).kind() == Param.Kind.REST) {
                return new Position(positionals.get(next), false, true, given);
            }
            if (option && w.equals("--")) { onlyPositionals = true; continue; }
            if (option) {
                String key = w.replaceFirst("^--?", "");
                var p = verb.option(key.split("=", 2)[0]);
                if (p.isEmpty()) continue;
                given.add(p.get().name());
                if (p.get().kind() == Param.Kind.OPTION && !key.contains("=")) {
                    if (i + 1 >= words.size()) return new Position(p.get(), true, false, given);
                    i++;
                    awaiting = p.get().repeatable() && !restAhead(verb, positionals.size() - next) ? p.get() : null;
                }
                continue;
            }
            if (awaiting != null && requiredLeftAt(positionals, next) == 0) continue; // --backend A B
            awaiting = null;
            if (next < positionals.size()) {
                given.add(positionals.get(next).name());
                if (!positionals.get(next).repeatable()) next++;
            }
        }
        return new Position(next < positionals.size() ? positionals.get(next) : null, false, false, given);
    }

    private static int requiredLeftAt(List<Param> positionals, int next) {
        int n = 0;
        for (Param p : positionals.subList(Math.min(next, positionals.size()), positionals.size()))
            if (p.required()) n++;
        return n;
    }
}
