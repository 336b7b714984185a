package netshell.shell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import groovy.json.JsonOutput;

import netshell.command.DataView;
import netshell.command.Displayable;

/** The one printer: results become an aligned table, key/value lines, plain text, or JSON. */
public final class Renderer {
    private Renderer() {}

    public static List<String> lines(Object result, Style style) {
        if (result == null) return List.of();
        if (result instanceof String s) return s.isEmpty() ? List.of() : s.lines().toList();
        if (result instanceof Displayable d)
            return d.text().isEmpty() ? List.of() : d.text().lines().map(style::status).toList();
        Object data = DataView.of(result);
        if (data instanceof List<?> list) {
            if (list.isEmpty()) return List.of(style.dim("(none)"));
            if (list.stream().allMatch(o -> o instanceof Map)) return table(list, style);
            return list.stream().map(DataView::cell).toList();
        }
        if (data instanceof Map<?, ?> map) return keyValues(map, style);
        return List.of(DataView.cell(data));
    }

    /** Renders anything as a table: a single record becomes one row. */
    public static List<String> table(Object result, Style style) {
        Object data = DataView.of(result);
        if (data instanceof Map<?, ?> m) return table(List.of(m), style);
        if (data instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(o -> o instanceof Map))
            return table(list, style);
        return lines(result, style);
    }

    private static List<String> table(List<?> rows, Style style) {
        Set<String> columns = new LinkedHashSet<>();
        for (Object r : rows) ((Map<?, ?>) r).keySet().forEach(k -> columns.add(String.valueOf(k)));
        List<String> cols = new ArrayList<>(columns);
        List<List<String>> cells = new ArrayList<>();
        int[] width = new int[cols.size()];
        boolean[] numeric = new boolean[cols.size()];
        Arrays.fill(numeric, true);
        for (int c = 0; c < cols.size(); c++) width[c] = cols.get(c).length();
        for (Object r : rows) {
            Map<?, ?> m = (Map<?, ?>) r;
            List<String> row = new ArrayList<>();
            for (int c = 0; c < cols.size(); c++) {
                Object v = m.get(cols.get(c));
                if (!(v instanceof Number) && v != null) numeric[c] = false;
                String text = DataView.cell(v);
                row.add(text);
                width[c] = Math.max(width[c], text.length());
            }
            cells.add(row);
        }
        List<String> out = new ArrayList<>();
        List<String> header = new ArrayList<>();
        for (int c = 0; c < cols.size(); c++) header.add(pad(cols.get(c).toUpperCase(), width[c], false));
        out.add(style.bold(String.join("  ", header).stripTrailing()));
        for (List<String> row : cells) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < cols.size(); c++) {
                if (c > 0) sb.append("  ");
                sb.append(style.status(pad(row.get(c), width[c], numeric[c])));
            }
            out.add(sb.toString().stripTrailing());
        }
        return out;
    }

    private static List<String> keyValues(Map<?, ?> map, Style style) {
        int w = map.keySet().stream().mapToInt(k -> String.valueOf(k).length()).max().orElse(0);
        List<String> out = new ArrayList<>();
        map.forEach((k, v) -> out.add(style.bold(pad(k + ":", w + 1, false)) + " " + style.status(DataView.cell(v))));
        return out;
    }

    private static String pad(String s, int width, boolean right) {
        if (s.length() >= width) return s;
        String spaces = " ".repeat(width - s.length());
        return right ? spaces + s : s + spaces;
    }

    public static String json(Object result) {
        return JsonOutput.prettyPrint(JsonOutput.toJson(DataView.of(result)));
    }
}
