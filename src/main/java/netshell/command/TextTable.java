package netshell.command;

import java.util.ArrayList;
import java.util.List;

import netshell.core.Printable;

/** Aligned columns for Displayable results that carry more than rows (warnings, live state beside a plan). */
public final class TextTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(String... header) { this.header = List.of(header); }

    public TextTable row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells)
            r.add(c == null
                    ? ""
                    : c instanceof List<?> l
                            ? String.join(",", l.stream().map(String::valueOf).toList())
                            : c.toString());
        r.replaceAll(Printable::escape); // names read from nodes may hold escapes for the terminal
        rows.add(r);
        return this;
    }

    boolean isEmpty() { return rows.isEmpty(); }

    /** The table (or {@code whenEmpty} without rows), then one "warning: " line per warning. */
    public String withWarnings(String whenEmpty, List<String> warnings) {
        StringBuilder sb = new StringBuilder(isEmpty() ? whenEmpty : toString());
        warnings.forEach(w -> sb.append("\nwarning: ").append(w));
        return sb.toString();
    }

    @Override
    public String toString() {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) width[c] = header.get(c).length();
        for (List<String> r : rows)
            for (int c = 0; c < width.length; c++) width[c] = Math.max(width[c], r.get(c).length());
        StringBuilder sb = new StringBuilder();
        line(sb, header.stream().map(String::toUpperCase).toList(), width);
        rows.forEach(r -> line(sb, r, width));
        return sb.toString().stripTrailing();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int c = 0; c < width.length; c++) {
            if (c > 0) l.append("  ");
            l.append(cells.get(c)).append(" ".repeat(width[c] - cells.get(c).length()));
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }
}
