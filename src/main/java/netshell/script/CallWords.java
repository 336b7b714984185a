package netshell.script;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import netshell.command.CommandSpec;
import netshell.command.Param;
import netshell.command.Verb;
import netshell.core.BadInput;

/**
 * Turns a Groovy method call on a command into the words a user would type, so that scripts reach a
 * command through the same parser and handler as the shell:
 * {@code lb.addVip('192.168.56.100:80', backends: ['10.0.0.2:80', '10.0.0.130:80'])} →
 * {@code lb add-vip --backend 10.0.0.2:80 --backend 10.0.0.130:80 192.168.56.100:80}.
 * camelCase names become kebab-case; named arguments become options (a list repeats the option, true is a
 * flag, false and null are left out, a plural name finds its singular option); the rest are positionals.
 */
public final class CallWords {
    private CallWords() {}

    public static List<String> of(CommandSpec spec, String method, Object[] args) {
        List<String> words = new ArrayList<>(List.of(spec.name()));
        Verb verb;
        if (spec.hasSubcommands()) {
            String name = kebab(method);
            verb = spec.verb(name).orElseThrow(() -> new BadInput(spec.name() + ": no sub-command '" + name + "' ("
                    + String.join(", ", spec.verbs().stream().map(Verb::name).toList()) + ")"));
            words.add(verb.name());
        } else {
            if (!method.equals("call"))
                throw new BadInput(spec.name() + " has no sub-commands: call " + spec.name() + "(…)");
            verb = spec.verbs().get(0);
        }
        List<String> options = new ArrayList<>();
        List<String> positionals = new ArrayList<>();
        for (Object a : args == null ? new Object[0] : args) {
            if (a instanceof Map<?, ?> named) {
                named.forEach((k, v) -> addOption(verb, String.valueOf(k), v, options));
            } else if (a instanceof Collection<?> c) {
                c.forEach(x -> positionals.add(String.valueOf(x)));
            } else if (a instanceof Object[] arr) {
                for (Object x : arr) positionals.add(String.valueOf(x));
            } else if (a != null) {
                positionals.add(String.valueOf(a));
            }
        }
        words.addAll(options);
        // Options first; "--" keeps a positional that starts with '-' from being read as an option.
        if (positionals.stream().anyMatch(p -> p.startsWith("-"))) words.add("--");
        words.addAll(positionals);
        return words;
    }

    private static void addOption(Verb verb, String key, Object value, List<String> out) {
        if (value == null || Boolean.FALSE.equals(value) || key.equals("json")) return;
        String name = optionName(verb, kebab(key));
        if (Boolean.TRUE.equals(value)) {
            out.add("--" + name);
            if (verb.option(name).map(p -> p.kind() == Param.Kind.OPTION).orElse(false)) out.add("true");
            return;
        }
        Collection<?> values = value instanceof Collection<?> c
                ? c
                : value instanceof Object[] arr ? List.of(arr) : List.of(value);
        for (Object v : values) {
            out.add("--" + name);
            out.add(String.valueOf(v));
        }
    }

    /** The option a named argument means: itself, or its singular ({@code backends:} → {@code --backend}). */
    static String optionName(Verb verb, String name) {
        if (verb.option(name).isPresent()) return name;
        if (name.endsWith("s") && verb.option(name.substring(0, name.length() - 1)).isPresent())
            return name.substring(0, name.length() - 1);
        return name; // unknown: the parser says so, with the list of options
    }

    /** addVip → add-vip, dryRun → dry-run; already-kebab names pass through. */
    public static String kebab(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                if (sb.length() > 0) sb.append('-');
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c == '_' ? '-' : c);
            }
        }
        return sb.toString();
    }
}
