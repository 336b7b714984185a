package netshell.script;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import groovy.lang.Closure;
import groovy.lang.GString;
import groovy.lang.GroovyObjectSupport;
import groovy.lang.MissingPropertyException;

import netshell.command.Args;
import netshell.command.CommandFailed;
import netshell.command.CommandSpec;
import netshell.command.Completions;
import netshell.command.Context;
import netshell.command.Handler;
import netshell.command.Param;
import netshell.command.Verb;
import netshell.core.BadInput;
import netshell.node.NodeException;

/** What one lib file defines: its DSL blocks become CommandSpec, Verb and Param, the same as built-ins. */
final class LibDefinitions {
    private static final String NAME = "[a-z][a-z0-9-]*";

    private final Path file;
    private final Completions completions;
    private final List<CommandSpec> specs = new ArrayList<>();

    LibDefinitions(Path file, Completions completions) {
        this.file = file;
        this.completions = completions;
    }

    List<CommandSpec> specs() { return List.copyOf(specs); }

    void command(String name, String summary, Closure<?> body) {
        if (name == null || !name.matches(NAME))
            throw new IllegalArgumentException("bad command name '" + name + "' (lower-case, digits, -)");
        CommandBuilder b = new CommandBuilder(name);
        within(body, b);
        specs.add(b.build(summary));
    }

    private static void within(Closure<?> body, Object delegate) {
        Closure<?> c = (Closure<?>) body.clone();
        c.setDelegate(delegate);
        c.setResolveStrategy(Closure.DELEGATE_FIRST);
        c.call();
    }

    /** The block of {@code command(…) { … }}: verbs, or the parameters of a command without verbs. */
    public final class CommandBuilder {
        private final String name;
        private final List<Verb> verbs = new ArrayList<>();
        private final VerbBuilder single;

        CommandBuilder(String name) {
            this.name = name;
            this.single = new VerbBuilder(name, "");
        }

        public void verb(String verb, String summary, Closure<?> body) {
            if (verb == null || !verb.matches(NAME))
                throw new IllegalArgumentException("bad verb name '" + verb + "' in " + name);
            VerbBuilder b = new VerbBuilder(name, verb);
            within(body, b);
            verbs.add(b.build(summary));
        }

        public void arg(String n, String d) { single.arg(Map.of(), n, d); }
        public void arg(Map<String, ?> o, String n, String d) { single.arg(o, n, d); }
        public void option(String n, String d) { single.option(Map.of(), n, d); }
        public void option(Map<String, ?> o, String n, String d) { single.option(o, n, d); }
        public void flag(String n, String d) { single.flag(n, d); }
        public void rest(String n, String d) { single.rest(n, d); }
        public void details(String text) { single.details(text); }
        public void run(Closure<?> body) { single.run(body); }

        CommandSpec build(String summary) {
            if (!verbs.isEmpty() && single.used())
                throw new IllegalArgumentException(name + ": give verbs or a run block, not both");
            if (verbs.isEmpty()) return new CommandSpec(name, summary, List.of(single.build(summary)));
            return new CommandSpec(name, summary, verbs);
        }
    }

    /** The block of {@code verb(…) { … }}: arguments, options, flags and the run closure. */
    public final class VerbBuilder {
        private final String command;
        private final String verb;
        private final List<Param> params = new ArrayList<>();
        private Closure<?> body;
        private String details;

        VerbBuilder(String command, String verb) {
            this.command = command;
            this.verb = verb;
        }

        boolean used() { return body != null || !params.isEmpty(); }

        public void arg(String n, String d) { arg(Map.of(), n, d); }

        public void arg(Map<String, ?> o, String n, String d) {
            Param p = Boolean.TRUE.equals(o.get("optional")) ? Param.optionalPositional(n, d) : Param.positional(n, d);
            params.add(decorate(p, o));
        }

        public void option(String n, String d) { option(Map.of(), n, d); }

        public void option(Map<String, ?> o, String n, String d) {
            Param p = Param.option(n, d);
            if (Boolean.TRUE.equals(o.get("required"))) p = p.asRequired();
            if (Boolean.TRUE.equals(o.get("repeatable"))) p = p.asRepeatable();
            if (o.get("alias") != null) p = p.alias(String.valueOf(o.get("alias")));
            params.add(decorate(p, o));
        }

        public void flag(String n, String d) { params.add(Param.flag(n, d)); }

        public void rest(String n, String d) { params.add(Param.rest(n, d)); }

        public void details(String text) { details = text == null ? null : text.stripIndent().strip(); }

        public void run(Closure<?> c) { body = c; }

        private Param decorate(Param p, Map<String, ?> o) {
            if (o.get("default") != null) p = p.defaultValue(String.valueOf(o.get("default")));
            if (o.get("choices") instanceof Collection<?> c)
                p = p.choices(c.stream().map(String::valueOf).toArray(String[]::new));
            Object completes = o.get("completes");
            if (completes instanceof Closure<?> source) {
                String key = "lib:" + command + ":" + verb + ":" + p.name();
                completions.register(key, () -> {
                    Object v = source.call();
                    return v instanceof Collection<?> c ? c.stream().map(String::valueOf).toList() : List.of();
                });
                p = p.completes(key);
            } else if (completes != null) {
                p = p.completes(String.valueOf(completes));
            }
            return p;
        }

        Verb build(String summary) {
            if (body == null)
                throw new IllegalArgumentException((command + " " + verb).strip() + ": no run { a, ctx -> … } block");
            Verb shape = new Verb(verb, summary, params, null, details);
            return new Verb(verb, summary, params, new LibHandler(file, shape, body), details);
        }
    }

    /** Calls a lib closure with the parsed arguments and the context; its errors name the file and line. */
    record LibHandler(Path file, Verb verb, Closure<?> body) implements Handler {
        @Override
        public Object run(Args args, Context ctx) {
            Closure<?> c = (Closure<?>) body.clone();
            LibArgs a = new LibArgs(args, verb);
            try {
                Object r = switch (c.getMaximumNumberOfParameters()) {
                    case 0 -> c.call();
                    case 1 -> c.call(a);
                    default -> c.call(a, ctx);
                };
                return r instanceof GString g ? g.toString() : r;
            } catch (BadInput | CommandFailed | NodeException e) {
                throw e;
            } catch (RuntimeException | AssertionError e) {
                int line = ScriptErrors.line(e, file);
                throw new CommandFailed(
                        file.getFileName() + (line > 0 ? ":" + line : "") + ": " + ScriptErrors.message(e), e);
            }
        }
    }

    /** Arguments as Groovy properties: {@code a.url}, {@code a.from}; repeatable ones are lists, flags booleans. */
    public static final class LibArgs extends GroovyObjectSupport {
        private final Args args;
        private final Verb verb;

        LibArgs(Args args, Verb verb) {
            this.args = args;
            this.verb = verb;
        }

        @Override
        public Object getProperty(String property) {
            String name = CallWords.kebab(property);
            Param p = verb.params().stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> new MissingPropertyException(property, LibArgs.class));
            if (p.kind() == Param.Kind.FLAG) return args.flag(name);
            if (p.repeatable()) return args.all(name);
            return args.get(name);
        }

        public String get(String name) { return args.get(name); }
        public List<String> all(String name) { return args.all(name); }
        public boolean flag(String name) { return args.flag(name); }
        public Integer integer(String name, long min, long max) { return args.integer(name, min, max); }
        public Args getArgs() { return args; }
    }
}
