package netshell.shell;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import netshell.core.BadInput;

/**
 * The shell grammar: words with single/double quotes and backslash escapes, {@code #} comments,
 * {@code ;} between commands, {@code |} into filters, {@code > FILE} and {@code >> FILE}.
 * Operators inside quotes are literal, so {@code node1 sh -c 'a | b'} passes the pipe to the node.
 */
public final class LineParser {
    private LineParser() {}

    /** A lexical token: a word, or an operator (; | > >>) when {@code operator} is set. */
    record Token(String text, boolean operator, boolean quoted) {}

    public static List<CommandLine> parse(String line) {
        List<CommandLine> commands = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        for (Token t : tokenize(line)) {
            if (t.operator() && t.text().equals(";")) {
                addIfNotEmpty(commands, current);
                current = new ArrayList<>();
            } else {
                current.add(t);
            }
        }
        addIfNotEmpty(commands, current);
        return commands;
    }

    private static void addIfNotEmpty(List<CommandLine> out, List<Token> tokens) {
        if (!tokens.isEmpty()) out.add(build(tokens));
    }

    private static CommandLine build(List<Token> tokens) {
        List<List<Token>> stages = new ArrayList<>();
        List<Token> stage = new ArrayList<>();
        CommandLine.Redirect redirect = null;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (redirect != null) throw new BadInput("nothing may follow a redirect ('" + t.text() + "')");
            if (t.operator() && t.text().equals("|")) {
                if (stage.isEmpty()) throw new BadInput("empty command before '|'");
                stages.add(stage);
                stage = new ArrayList<>();
            } else if (t.operator()) { // > or >>
                if (i + 1 >= tokens.size() || tokens.get(i + 1).operator()) {
                    throw new BadInput("'" + t.text() + "' needs a file name");
                }
                if (stage.isEmpty()) throw new BadInput("empty command before '" + t.text() + "'");
                redirect = new CommandLine.Redirect(tokens.get(++i).text(), t.text().equals(">>"));
            } else {
                stage.add(t);
            }
        }
        if (stage.isEmpty()) throw new BadInput("'|' needs a filter after it");
        stages.add(stage);
        List<String> words = texts(stages.get(0));
        List<CommandLine.Filter> filters = new ArrayList<>();
        for (List<Token> s : stages.subList(1, stages.size())) {
            List<String> w = texts(s);
            filters.add(new CommandLine.Filter(w.get(0), w.subList(1, w.size())));
        }
        Set<Integer> quoted = new HashSet<>();
        for (int i = 0; i < stages.get(0).size(); i++) {
            if (stages.get(0).get(i).quoted()) quoted.add(i);
        }
        return new CommandLine(words, filters, redirect, rebuild(tokens), quoted);
    }

    private static List<String> texts(List<Token> tokens) {
        return tokens.stream().map(Token::text).toList();
    }

    /** The command as canonical text (quoted where needed), used for history and transcripts. */
    private static String rebuild(List<Token> tokens) {
        StringBuilder sb = new StringBuilder();
        for (Token t : tokens) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(t.operator() ? t.text() : quoteIfNeeded(t.text()));
        }
        return sb.toString();
    }

    /** Words back into a line that splits into the same words; those at the {@code quoted} indexes quoted again. */
    public static String join(List<String> words, Set<Integer> quoted) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (i > 0) sb.append(' ');
            sb.append(quoted.contains(i) ? "'" + w.replace("'", "'\\''") + "'" : quoteIfNeeded(w));
        }
        return sb.toString();
    }

    static String quoteIfNeeded(String word) {
        if (!word.isEmpty() && word.chars().noneMatch(c -> " \t\n'\"\\;|<>#&$`".indexOf(c) >= 0)) return word;
        return "'" + word.replace("'", "'\\''") + "'";
    }

    static List<Token> tokenize(String line) {
        List<Token> out = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '\'' || c == '"') {
                int end = c == '\'' ? readSingle(line, i, word = orNew(word)) : readDouble(line, i, word = orNew(word));
                quoted = true;
                i = end + 1;
            } else if (c == '\\') {
                if (i + 1 >= n) throw new BadInput("line ends with a lone backslash");
                word = orNew(word);
                word.append(line.charAt(i + 1));
                i += 2;
            } else if (Character.isWhitespace(c)) {
                word = flush(out, word, quoted);
                quoted = false;
                i++;
            } else if (c == '#' && word == null) {
                break; // a comment runs to the end of the line
            } else if (c == ';' || c == '|') {
                word = flush(out, word, quoted);
                quoted = false;
                out.add(new Token(String.valueOf(c), true, false));
                i++;
            } else if (c == '>') {
                word = flush(out, word, quoted);
                quoted = false;
                boolean append = i + 1 < n && line.charAt(i + 1) == '>';
                out.add(new Token(append ? ">>" : ">", true, false));
                i += append ? 2 : 1;
            } else {
                word = orNew(word);
                word.append(c);
                i++;
            }
        }
        flush(out, word, quoted);
        return out;
    }

    private static StringBuilder orNew(StringBuilder sb) { return sb == null ? new StringBuilder() : sb; }

    private static StringBuilder flush(List<Token> out, StringBuilder word, boolean quoted) {
        if (word != null) out.add(new Token(word.toString(), false, quoted));
        return null;
    }

    private static int readSingle(String line, int start, StringBuilder into) {
        int end = line.indexOf('\'', start + 1);
        if (end < 0) throw new BadInput("unterminated single quote");
        into.append(line, start + 1, end);
        return end;
    }

    private static int readDouble(String line, int start, StringBuilder into) {
        for (int i = start + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') return i;
            if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                into.append(line.charAt(++i));
            } else {
                into.append(c);
            }
        }
        throw new BadInput("unterminated double quote");
    }
}
