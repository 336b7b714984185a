package netshell.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import netshell.command.Args;
import netshell.command.FleetOutput;
import netshell.command.GatheredOutput;
import netshell.core.BadInput;

/** The built-in filters after {@code |}. Each is a Sink that passes text lines on to the next stage. */
final class Filters {
    private Filters() {}

    static final List<String> NAMES = List.of("grep", "head", "tail", "count", "sort", "uniq", "json", "table", "tee",
            "gather");

    static final Map<String, String> DESCRIPTIONS = Map.of(
            "grep", "keep lines matching a regular expression ([-v] invert, [-i] ignore case)",
            "head", "the first N lines (10)",
            "tail", "the last N lines (10)",
            "count", "the number of lines",
            "sort", "lines in order",
            "uniq", "drop repeated adjacent lines",
            "json", "the typed result as JSON",
            "table", "the typed result as an aligned table",
            "tee", "copy the output to FILE and pass it on",
            "gather", "each distinct per-node output once, under the nodes that gave it (clush -b)");

    /** Checks a filter's words up front so that a bad pipe fails before the command runs. */
    static Sink build(CommandLine.Filter f, Sink next) {
        List<String> a = f.args();
        return switch (f.name()) {
            case "grep" -> grep(a, next);
            case "head" -> head(count(a, "head"), next);
            case "tail" -> tail(count(a, "tail"), next);
            case "count" -> noArgs(a, "count", new Buffering(next, lines -> List.of(String.valueOf(lines.size()))));
            case "sort" -> noArgs(a, "sort", new Buffering(next, lines -> lines.stream().sorted().toList()));
            case "uniq" -> noArgs(a, "uniq", uniq(next));
            case "json" -> noArgs(a, "json", json(next));
            case "table" -> noArgs(a, "table", table(next));
            case "tee" -> tee(a, next);
            case "gather" -> noArgs(a, "gather", gather(next));
            default ->
                throw new BadInput("unknown filter '" + f.name() + "' (filters: " + String.join(", ", NAMES) + ")");
        };
    }

    private static Sink noArgs(List<String> args, String name, Sink sink) {
        if (!args.isEmpty()) throw new BadInput("| " + name + " takes no arguments");
        return sink;
    }

    private static int count(List<String> args, String name) {
        if (args.isEmpty()) return 10;
        String a = args.get(0).startsWith("-n")
                ? (args.get(0).length() > 2 ? args.get(0).substring(2) : args.size() > 1 ? args.get(1) : "")
                : args.get(0).startsWith("-") ? args.get(0).substring(1) : args.get(0);
        int expected = args.get(0).equals("-n") ? 2 : 1;
        if (args.size() > expected) throw new BadInput("| " + name + " takes one number");
        return (int) Args.parseBounded("| " + name, a, 0, Integer.MAX_VALUE);
    }

    /** Lines of an item: text passes through, typed results are rendered without colour. */
    static List<String> linesOf(Object item) {
        return item instanceof String s ? List.of(s) : Renderer.lines(item, Style.PLAIN);
    }

    private static Sink grep(List<String> args, Sink next) {
        boolean invert = false;
        boolean ignoreCase = false;
        String pattern = null;
        for (String a : args) {
            if (pattern == null && a.equals("-v")) invert = true;
            else if (pattern == null && a.equals("-i")) ignoreCase = true;
            else if (pattern == null && (a.equals("-vi") || a.equals("-iv"))) {
                invert = true;
                ignoreCase = true;
            } else if (pattern == null) pattern = a;
            else
                throw new BadInput("| grep takes one pattern (quote it if it has spaces)");
        }
        if (pattern == null) throw new BadInput("| grep needs a pattern");
        Pattern p;
        try {
            p = Pattern.compile(pattern, ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        } catch (PatternSyntaxException e) {
            throw new BadInput("| grep: bad pattern '" + pattern + "': " + e.getDescription());
        }
        boolean inv = invert;
        return new LineStage(next) {
            @Override
            void line(String line) { if (p.matcher(line).find() != inv) next.accept(line); }
        };
    }

    private static Sink head(int n, Sink next) {
        return new LineStage(next) {
            int seen;
            @Override
            void line(String line) { if (seen++ < n) next.accept(line); }
        };
    }

    private static Sink tail(int n, Sink next) {
        Deque<String> last = new ArrayDeque<>();
        return new LineStage(next) {
            @Override
            void line(String line) {
                last.addLast(line);
                if (last.size() > n) last.removeFirst();
            }
            @Override
            public void finish() { last.forEach(next::accept); next.finish(); }
        };
    }

    private static Sink uniq(Sink next) {
        return new LineStage(next) {
            String previous;
            @Override
            void line(String line) {
                if (!line.equals(previous)) next.accept(line);
                previous = line;
            }
        };
    }

    /**
     * Typed results become JSON. Text that reaches it is read as JSON: text that is one JSON document (another
     * command's --json) stays that document; otherwise each line that is JSON becomes its value and any other line
     * a string, in one array.
     */
    private static Sink json(Sink next) {
        List<String> text = new ArrayList<>();
        return new Sink() {
            @Override
            public void accept(Object item) {
                if (item instanceof String s) text.add(s);
                else
                    Renderer.json(item).lines().forEach(next::accept);
            }
            @Override
            public void finish() {
                if (!text.isEmpty()) Renderer.json(JsonText.parse(text)).lines().forEach(next::accept);
                next.finish();
            }
        };
    }

    /** A fan-out result becomes its gathered form; streamed `node| line` text is gathered at the end. */
    private static Sink gather(Sink next) {
        List<String> text = new ArrayList<>();
        List<Object> after = new ArrayList<>();
        return new Sink() {
            @Override
            public void accept(Object item) {
                if (item instanceof String s) text.add(s);
                else if (item instanceof FleetOutput f && text.isEmpty()) next.accept(f.gathered());
                else
                    after.add(item);
            }
            @Override
            public void finish() {
                if (!text.isEmpty()) GatheredOutput.gatherLines(text).forEach(next::accept);
                after.forEach(next::accept);
                next.finish();
            }
        };
    }

    private static Sink table(Sink next) {
        return new Sink() {
            @Override
            public void accept(Object item) {
                if (item instanceof String s) next.accept(s);
                else
                    Renderer.table(item, Style.PLAIN).forEach(next::accept);
            }
            @Override
            public void finish() { next.finish(); }
        };
    }

    private static Sink tee(List<String> args, Sink next) {
        if (args.size() != 1) throw new BadInput("| tee needs one file name");
        Writer w = FileOutput.open(args.get(0), false);
        return new LineStage(next) {
            @Override
            void line(String line) {
                try {
                    w.write(line);
                    w.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                next.accept(line);
            }
            @Override
            public void finish() {
                try {
                    w.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                next.finish();
            }
        };
    }

    /** A stage that works line by line. */
    abstract static class LineStage implements Sink {
        final Sink next;
        LineStage(Sink next) { this.next = next; }
        abstract void line(String line);
        @Override
        public void accept(Object item) { linesOf(item).forEach(this::line); }
        @Override
        public void finish() { next.finish(); }
    }

    /** A stage that needs every line before it can answer (sort, count). */
    static final class Buffering implements Sink {
        private final Sink next;
        private final Function<List<String>, List<String>> transform;
        private final List<String> lines = new ArrayList<>();
        Buffering(Sink next, Function<List<String>, List<String>> transform) {
            this.next = next;
            this.transform = transform;
        }
        @Override
        public void accept(Object item) { lines.addAll(linesOf(item)); }
        @Override
        public void finish() { transform.apply(lines).forEach(next::accept); next.finish(); }
    }

    /** The end of the pipeline: prints lines, and renders typed results (in colour when allowed). */
    static Sink terminal(Consumer<String> out, Style style) {
        return new Sink() {
            @Override
            public void accept(Object item) {
                if (item instanceof String s) out.accept(s);
                else
                    Renderer.lines(item, style).forEach(out);
            }
            @Override
            public void finish() {}
        };
    }

    /** Opening files for > and tee in one place, with one clear error. */
    static final class FileOutput {
        static Writer open(String file, boolean append) {
            try {
                Path p = Path.of(file);
                return Files.newBufferedWriter(p, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            } catch (IOException | InvalidPathException e) {
                throw new BadInput("cannot write " + file + ": "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
    }
}
