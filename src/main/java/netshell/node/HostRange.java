package netshell.node;

import java.util.ArrayList;
import java.util.List;

/**
 * Ansible's host ranges: `web[01:20]` (zero padding kept), `db-[a:f]`, `node[1:10:2]` (a step), several ranges in
 * one name expanded left to right, as Ansible's expand_hostname_range does. Pure.
 */
final class HostRange {
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private HostRange() {}

    static boolean isRange(String pattern) { return pattern.contains("["); }

    /** The names a pattern stands for; IllegalArgumentException says what is wrong with a bad range. */
    static List<String> expand(String pattern) {
        if (!isRange(pattern)) return List.of(pattern);
        int open = pattern.indexOf('[');
        int close = pattern.indexOf(']', open);
        if (close < 0) throw new IllegalArgumentException("host range '" + pattern + "' has no closing ']'");
        String head = pattern.substring(0, open);
        String tail = pattern.substring(close + 1);
        String[] bounds = pattern.substring(open + 1, close).split(":", -1);
        if (bounds.length != 2 && bounds.length != 3)
            throw new IllegalArgumentException("host range '" + pattern + "' must be [begin:end] or [begin:end:step]");
        String begin = bounds[0].isEmpty() ? "0" : bounds[0];
        String end = bounds[1];
        if (end.isEmpty()) throw new IllegalArgumentException("host range '" + pattern + "' has no end");
        int step = bounds.length == 3 ? number(bounds[2], pattern) : 1;
        if (step < 1) throw new IllegalArgumentException("host range '" + pattern + "' needs a step of 1 or more");
        List<String> names = new ArrayList<>();
        for (String middle : sequence(begin, end, step, pattern)) {
            String name = head + middle + tail;
            names.addAll(isRange(name) ? expand(name) : List.of(name));
        }
        return names;
    }

    private static List<String> sequence(String begin, String end, int step, String pattern) {
        List<String> out = new ArrayList<>();
        int from = LETTERS.indexOf(begin);
        int to = LETTERS.indexOf(end);
        if (begin.length() == 1 && end.length() == 1 && from >= 0 && to >= 0) {
            if (from > to) throw new IllegalArgumentException("host range '" + pattern + "' must have begin <= end");
            for (int i = from; i <= to; i += step) out.add(String.valueOf(LETTERS.charAt(i)));
            return out;
        }
        int width = begin.length() > 1 && begin.startsWith("0") ? begin.length() : 0;
        if (width > 0 && width != end.length()) {
            throw new IllegalArgumentException(
                    "host range '" + pattern + "': begin and end must have the same width (" + begin + ":" + end + ")");
        }
        int first = number(begin, pattern);
        int last = number(end, pattern);
        if (last - first > 100_000)
            throw new IllegalArgumentException("host range '" + pattern + "' has more than 100000 hosts");
        for (int i = first; i <= last; i += step) {
            String s = String.valueOf(i);
            out.add(width > s.length() ? "0".repeat(width - s.length()) + s : s);
        }
        return out;
    }

    private static int number(String text, String pattern) {
        if (!text.matches("\\d{1,9}"))
            throw new IllegalArgumentException(
                    "host range '" + pattern + "': '" + text + "' is not a number or letter");
        return Integer.parseInt(text);
    }
}
