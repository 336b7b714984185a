package netshell.command;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import netshell.core.OptionalColumns;
import netshell.core.Printable;

/** Turns typed results into plain data (maps, lists, scalars): the one view that JSON and tables share. */
public final class DataView {
    private DataView() {}

    public static Object of(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean)
            return value;
        if (value instanceof Displayable d) {
            Object data = d.data();
            // A record that is its own data (lb test, container exec) is read as the record it is.
            if (data != d) return of(data);
            if (value instanceof Record r) return recordToMap(r);
            return value.toString();
        }
        if (value instanceof Optional<?> o) return o.map(DataView::of).orElse(null);
        if (value instanceof Enum<?> e) return e.name();
        if (value instanceof Path p) return p.toString();
        if (value instanceof CharSequence cs) return cs.toString();
        if (value instanceof Record r) return recordToMap(r);
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), of(v)));
            return out;
        }
        if (value instanceof Iterable<?> it) {
            List<Object> out = new ArrayList<>();
            it.forEach(v -> out.add(of(v)));
            return out;
        }
        if (value instanceof Object[] arr) return of(List.of(arr));
        if (value instanceof Duration d) return d.toMillis();
        return value.toString();
    }

    static Map<String, Object> recordToMap(Record r) {
        Map<String, Object> out = new LinkedHashMap<>();
        Set<String> optional = r instanceof OptionalColumns o ? o.optionalColumns() : Set.of();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            try {
                var accessor = c.getAccessor();
                accessor.setAccessible(true);
                Object value = accessor.invoke(r);
                if (value == null && optional.contains(c.getName())) continue;
                out.put(c.getName(), of(value));
            } catch (ReflectiveOperationException e) {
                out.put(c.getName(), "?");
            }
        }
        return out;
    }

    /** A cell's text: lists joined by commas, null as "-". */
    public static String cell(Object v) {
        if (v == null) return "-";
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) parts.add(cell(o));
            return parts.isEmpty() ? "-" : String.join(",", parts);
        }
        if (v instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            m.forEach((k, x) -> parts.add(k + "=" + cell(x)));
            return String.join(" ", parts);
        }
        if (v instanceof Double d)
            return d == Math.rint(d) && !Double.isInfinite(d)
                    ? String.valueOf(d.longValue())
                    : Double.isFinite(d)
                            ? new BigDecimal(d).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString()
                            : String.valueOf(d);
        return Printable.escape(String.valueOf(v)); // names read from nodes may hold escapes for the terminal
    }
}
