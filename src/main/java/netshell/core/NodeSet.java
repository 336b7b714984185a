package netshell.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ClusterShell-style node sets. A selector is terms joined left to right by {@code ,} (union),
 * {@code !} (minus) and {@code &} (intersection); a term is {@code all}, {@code @group} or a group name,
 * a name with ranges ({@code node[1-8,10]}, {@code web[01-20]} keeps the zero padding) and globs
 * ({@code node*}, {@code web?}). {@link #fold} writes names back as ranges.
 */
public final class NodeSet {
    private static final Pattern TRAILING_NUMBER = Pattern.compile("^(.*?)(\\d+)(\\D*)$");
    private static final int MAX_EXPANSION = 100_000;

    private NodeSet() {}

    /**
     * The names the selector picks from names (in that order, without duplicates); BadInput when it is wrong,
     * or when it names nodes that are not there (all of them in one line: {@code no such nodes: node[4-5]}).
     */
    public static List<String> resolve(String selector, List<String> names, Map<String, List<String>> groups) {
        return resolve(selector, names, groups, false);
    }

    /**
     * As {@link #resolve(String, List, Map)}; with {@code ignoreMissing} names and globs that match no node are
     * left out (ClusterShell's way), and only a selection left with no node at all is an error.
     */
    public static List<String> resolve(String selector, List<String> names, Map<String, List<String>> groups,
            boolean ignoreMissing) {
        if (selector == null || selector.isBlank()) throw new BadInput("empty node selector");
        if (names(selector) > MAX_EXPANSION) throw tooMany(selector);
        Set<String> chosen = new LinkedHashSet<>();
        List<String> missing = new ArrayList<>();
        char op = ',';
        int start = 0;
        int depth = 0;
        for (int i = 0; i <= selector.length(); i++) {
            char c = i < selector.length() ? selector.charAt(i) : ',';
            if (c == '[') depth++;
            else if (c == ']') {
                if (--depth < 0) throw new BadInput("unbalanced ']' in node selector '" + selector + "'");
            } else if (depth == 0 && (c == ',' || c == '!' || c == '&')) {
                String term = selector.substring(start, i).strip();
                if (term.isEmpty()) {
                    boolean leadingBang = i == 0 && c == '!';
                    if (!leadingBang) throw new BadInput("empty name in node selector '" + selector + "'");
                    chosen.addAll(names); // "!node3" alone: everything but node3
                    op = c;
                    start = i + 1;
                    continue;
                }
                Set<String> picked = new LinkedHashSet<>(term(term, names, groups, missing));
                switch (op) {
                    case '!' -> chosen.removeAll(picked);
                    case '&' -> chosen.retainAll(picked);
                    default -> chosen.addAll(picked);
                }
                op = c;
                start = i + 1;
            }
        }
        if (depth != 0) throw new BadInput("missing ']' in node selector '" + selector + "'");
        if (!missing.isEmpty() && !ignoreMissing) throw noSuchNodes(missing, names);
        List<String> out = names.stream().filter(chosen::contains).toList();
        if (out.isEmpty() && !missing.isEmpty())
            throw new BadInput("no node matches '" + selector + "' (known: " + list(names) + ")");
        return out;
    }

    /**
     * How many names the selector's terms spell out together, counted before any is made (at most
     * MAX_EXPANSION + 1); groups and globs count one, as they name nodes that exist.
     */
    private static long names(String selector) {
        long total = 0;
        int start = 0;
        int depth = 0;
        for (int i = 0; i <= selector.length() && total <= MAX_EXPANSION; i++) {
            char c = i < selector.length() ? selector.charAt(i) : ',';
            if (c == '[') depth++;
            else if (c == ']') depth--;
            else if (depth == 0 && (c == ',' || c == '!' || c == '&')) {
                String term = selector.substring(start, i).strip();
                if (!term.isEmpty() && term.indexOf('[') >= 0 && term.indexOf(']') > term.indexOf('['))
                    total += count(term);
                start = i + 1;
            }
        }
        return total;
    }

    private static BadInput noSuchNodes(List<String> missing, List<String> names) {
        boolean one = missing.size() == 1 && !missing.get(0).contains("*") && !missing.get(0).contains("?");
        // A typo has one name nearest to it; node7 among node1..node3 has several, so they are listed instead.
        List<String> near = one ? Suggest.closest(missing.get(0), names) : List.of();
        String hint = near.size() == 1 ? "did you mean '" + near.get(0) + "'? " : "known: " + list(names) + "; ";
        return new BadInput((one ? "no such node: " : "no such nodes: ") + fold(missing) + " (" + hint
                + "--ignore-missing leaves " + (missing.size() == 1 ? "it" : "them") + " out)");
    }

    /** The names one term picks; names (and globs) that match no node go to missing. */
    private static List<String> term(String term, List<String> names, Map<String, List<String>> groups,
            List<String> missing) {
        if (term.equals("all") || term.equals("@all")) return names;
        String group = term.startsWith("@") ? term.substring(1) : term;
        if (groups.containsKey(group)) return groups.get(group);
        if (term.startsWith("@"))
            throw new BadInput("unknown group '" + group + "' (groups: " + String.join(", ", groups.keySet()) + ")");
        List<String> matched = new ArrayList<>();
        Set<String> known = new HashSet<>(names);
        for (String pattern : expand(term)) {
            if (pattern.contains("*") || pattern.contains("?")) {
                Pattern glob = glob(pattern);
                List<String> hits = names.stream().filter(n -> glob.matcher(n).matches()).toList();
                if (hits.isEmpty()) missing.add(pattern);
                matched.addAll(hits);
            } else if (known.contains(pattern)) {
                matched.add(pattern);
            } else {
                missing.add(pattern);
            }
        }
        return matched;
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') regex.append(".*");
            else if (c == '?') regex.append('.');
            else
                regex.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }

    /** Every name a pattern with ranges stands for, in order: {@code n[1-2]x[a,b]} has four. */
    public static List<String> expand(String pattern) {
        if (count(pattern) > MAX_EXPANSION) throw tooMany(pattern);
        return expandCounted(pattern);
    }

    private static List<String> expandCounted(String pattern) {
        int open = pattern.indexOf('[');
        if (open < 0) return List.of(pattern);
        int close = pattern.indexOf(']', open);
        String head = pattern.substring(0, open);
        List<String> tails = expandCounted(pattern.substring(close + 1));
        List<String> out = new ArrayList<>();
        for (Span span : spans(pattern.substring(open + 1, close), pattern)) {
            for (int n = span.from(); n <= span.to(); n++) {
                String item = span.word() != null ? span.word() : span.number(n);
                for (String tail : tails) out.add(head + item + tail);
            }
        }
        return out;
    }

    /**
     * How many names a pattern stands for, counted without making them (at most MAX_EXPANSION + 1), so that a
     * selector naming millions is refused at once instead of after filling the heap; checks the brackets.
     */
    static long count(String pattern) {
        int open = pattern.indexOf('[');
        if (open < 0) {
            if (pattern.indexOf(']') >= 0) throw new BadInput("unbalanced ']' in " + shown(pattern));
            return 1;
        }
        int close = pattern.indexOf(']', open);
        if (close < 0) throw new BadInput("missing ']' in " + shown(pattern));
        long here = 0;
        for (Span span : spans(pattern.substring(open + 1, close), pattern)) {
            here = Math.min(MAX_EXPANSION + 1L, here + span.to() - span.from() + 1L);
        }
        return Math.min(MAX_EXPANSION + 1L, here * count(pattern.substring(close + 1)));
    }

    /** One comma-separated part of a range: a word (from = to = 0), or numbers from-to with a zero-padded width. */
    private record Span(String word, int from, int to, int width) {
        String number(int n) { return width > 0 ? String.format("%0" + width + "d", n) : Integer.toString(n); }
    }

    private static List<Span> spans(String body, String pattern) {
        List<Span> out = new ArrayList<>();
        for (String part : body.split(",", -1)) {
            String p = part.strip();
            if (p.isEmpty()) throw new BadInput("empty range in " + shown(pattern));
            int dash = p.indexOf('-');
            if (dash < 0) {
                out.add(new Span(p, 0, 0, 0));
                continue;
            }
            String from = p.substring(0, dash);
            String to = p.substring(dash + 1);
            if (!digits(from) || !digits(to))
                throw new BadInput("bad range '" + p + "' in " + shown(pattern)
                        + " (expected numbers like 1-8 or 01-20)");
            if (from.length() > 9 || to.length() > 9) throw new BadInput("range '" + p + "' is too large");
            int a = Integer.parseInt(from);
            int b = Integer.parseInt(to);
            if (b < a) throw new BadInput("range '" + p + "' in " + shown(pattern) + " goes backwards");
            out.add(new Span(null, a, b, from.startsWith("0") && from.length() > 1 ? from.length() : 0));
        }
        return out;
    }

    private static boolean digits(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static BadInput tooMany(String selector) {
        return new BadInput(shown(selector) + " names more than " + MAX_EXPANSION + " nodes");
    }

    /** A selector as an error line shows it: quoted, and cut short when long (a 3 KB selector is not repeated). */
    private static String shown(String selector) {
        return "'" + (selector.length() <= 60 ? selector : selector.substring(0, 57) + "…") + "'";
    }

    /** Up to 8 names as a plain list ("node1, node2"), more folded into ranges (node[1-7,9]). */
    public static String list(Collection<String> names) {
        return names.size() <= 8 ? String.join(", ", names) : fold(names);
    }

    /**
     * Names folded into ranges: node1,node2,node3,node5 → node[1-3,5]; web01..web20 → web[01-20]; names
     * without a number stay as they are. Groups keep the order of their first member.
     */
    public static String fold(Collection<String> names) {
        Map<String, TreeSet<Integer>> numbered = new LinkedHashMap<>();
        Map<String, Integer> widths = new LinkedHashMap<>();
        Map<String, String> single = new LinkedHashMap<>();
        // web10 goes with web01..web09 (width 2) when such padded names are there.
        Set<String> paddedWidths = new LinkedHashSet<>();
        for (String name : names) {
            Matcher m = TRAILING_NUMBER.matcher(name);
            if (m.matches() && m.group(2).length() > 1 && m.group(2).startsWith("0"))
                paddedWidths.add(m.group(1) + "\0" + m.group(3) + "\0" + m.group(2).length());
        }
        for (String name : new LinkedHashSet<>(names)) {
            Matcher m = TRAILING_NUMBER.matcher(name);
            if (!m.matches() || m.group(2).length() > 9 || m.group(1).contains("[")) {
                single.put("\0" + name, name);
                numbered.putIfAbsent("\0" + name, null);
                continue;
            }
            String digits = m.group(2);
            int width = digits.startsWith("0") && digits.length() > 1
                    || paddedWidths.contains(m.group(1) + "\0" + m.group(3) + "\0" + digits.length())
                            ? digits.length()
                            : 0;
            String key = m.group(1) + "\0" + m.group(3) + "\0" + width;
            numbered.computeIfAbsent(key, k -> new TreeSet<>()).add(Integer.parseInt(digits));
            widths.put(key, width);
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, TreeSet<Integer>> e : numbered.entrySet()) {
            if (e.getValue() == null) {
                out.add(single.get(e.getKey()));
                continue;
            }
            String[] parts = e.getKey().split("\0", -1);
            int width = widths.get(e.getKey());
            TreeSet<Integer> numbers = e.getValue();
            if (numbers.size() == 1) {
                out.add(parts[0] + number(numbers.first(), width) + parts[1]);
                continue;
            }
            out.add(parts[0] + "[" + ranges(numbers, width) + "]" + parts[1]);
        }
        return String.join(",", out);
    }

    private static String ranges(TreeSet<Integer> numbers, int width) {
        List<String> out = new ArrayList<>();
        Integer first = null;
        Integer last = null;
        for (int n : numbers) {
            if (first != null && n == last + 1) {
                last = n;
                continue;
            }
            if (first != null) out.add(span(first, last, width));
            first = n;
            last = n;
        }
        out.add(span(first, last, width));
        return String.join(",", out);
    }

    private static String span(int a, int b, int width) {
        return a == b ? number(a, width) : number(a, width) + "-" + number(b, width);
    }

    private static String number(int n, int width) {
        return width > 0 ? String.format("%0" + width + "d", n) : Integer.toString(n);
    }
}
