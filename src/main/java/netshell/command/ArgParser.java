package netshell.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import netshell.core.BadInput;

/**
 * Matches the words after a verb against its parameters: {@code --name value}, {@code --name=value}, flags,
 * positionals.
 */
public final class ArgParser {
    private ArgParser() {}

    public static Args parse(Verb verb, List<String> words) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<Param> positionals = verb.positionals();
        int next = 0;
        boolean onlyPositionals = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            // A REST parameter takes every remaining word verbatim, options included (container exec NAME ip -br addr).
            if (next < positionals.size() && positionals.get(next).kind() == Param.Kind.REST && next > 0) {
                values.computeIfAbsent(positionals.get(next).name(), k -> new ArrayList<>())
                        .addAll(words.subList(i, words.size()));
                break;
            }
            if (!onlyPositionals && w.equals("--")) { onlyPositionals = true; continue; }
            if (!onlyPositionals && isOptionWord(w)) {
                String key = w.startsWith("--") ? w.substring(2) : w.substring(1);
                String inline = null;
                int eq = key.indexOf('=');
                if (eq >= 0) { inline = key.substring(eq + 1); key = key.substring(0, eq); }
                String k = key;
                Param p = verb.option(k).orElseThrow(() -> new BadInput("unknown option '" + w + "'" + suggest(verb)));
                if (p.kind() == Param.Kind.FLAG) {
                    if (inline != null) throw new BadInput("--" + p.name() + " takes no value");
                    values.put(p.name(), List.of("true"));
                    continue;
                }
                String value = inline;
                if (value == null) {
                    if (i + 1 >= words.size()) throw new BadInput("--" + p.name() + " needs a value");
                    value = words.get(++i);
                }
                if (!p.choices().isEmpty() && !p.choices().contains(value)) {
                    throw new BadInput("--" + p.name() + " must be one of " + String.join(", ", p.choices()) + ", not '"
                            + value + "'");
                }
                List<String> list = values.computeIfAbsent(p.name(), x -> new ArrayList<>());
                if (!p.repeatable()) list.clear();
                list.add(value);
                continue;
            }
            if (next >= positionals.size()) throw new BadInput("unexpected argument '" + w + "'");
            Param p = positionals.get(next);
            if (p.kind() == Param.Kind.REST) {
                values.computeIfAbsent(p.name(), x -> new ArrayList<>()).addAll(words.subList(i, words.size()));
                break;
            }
            values.put(p.name(), List.of(w));
            next++;
        }
        for (Param p : verb.params()) {
            if (!values.containsKey(p.name())) {
                if (p.required())
                    throw new BadInput("missing " + (p.isOption() ? "--" + p.name() : p.name().toUpperCase())
                            + " (usage: " + usage(verb) + ")");
                if (p.defaultValue() != null) values.put(p.name(), List.of(p.defaultValue()));
            }
        }
        return new Args(values);
    }

    /** Negative numbers are values, not options. */
    public static boolean isOptionWord(String w) {
        return w.length() > 1 && w.charAt(0) == '-' && !Character.isDigit(w.charAt(1));
    }

    public static String usage(Verb verb) {
        StringBuilder sb = new StringBuilder(verb.name());
        for (Param p : verb.params()) sb.append(sb.length() > 0 ? " " : "").append(p.usage());
        return sb.toString();
    }

    private static String suggest(Verb verb) {
        List<String> names = verb.options().stream().map(p -> "--" + p.name()).toList();
        return names.isEmpty() ? "" : " (options: " + String.join(", ", names) + ")";
    }
}
