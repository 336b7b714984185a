package netshell.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import groovy.json.JsonException;
import groovy.json.JsonSlurper;

/** Shared reading of the JSON arrays that `ip -j` and `bridge -j` print. */
public final class KernelJson {
    private KernelJson() {}

    /** Objects of the top-level array; blank output (no objects at all) is an empty list. */
    public static List<Map<String, Object>> objects(String json, String command) {
        if (json == null || json.isBlank()) return List.of();
        Object root;
        try {
            root = new JsonSlurper().parseText(json);
        } catch (JsonException | IllegalArgumentException e) {
            throw new IllegalStateException("`" + command + "` printed malformed JSON: " + firstLine(e.getMessage()),
                    e);
        }
        if (!(root instanceof List<?> items)) {
            throw new IllegalStateException("`" + command + "` printed JSON that is not an array");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> m)) {
                throw new IllegalStateException("`" + command + "` printed an array element that is not an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> obj = (Map<String, Object>) m;
            out.add(obj);
        }
        return out;
    }

    public static String string(Map<String, Object> obj, String key) {
        Object v = obj.get(key);
        return v == null ? null : v.toString();
    }

    /** A number, or a string of digits (ip -j prints some numbers, such as route tables, as strings). */
    public static Integer integer(Map<String, Object> obj, String key) {
        Object v = obj.get(key);
        if (v instanceof Number n) return n.intValue();
        if (v instanceof String s && s.matches("\\d{1,9}")) return Integer.valueOf(s);
        return null;
    }

    static Boolean bool(Map<String, Object> obj, String key) {
        return obj.get(key) instanceof Boolean b ? b : null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> obj, String key) {
        return obj.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<String> strings(Map<String, Object> obj, String key) {
        if (!(obj.get(key) instanceof List<?> list)) return List.of();
        return list.stream().map(String::valueOf).toList();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objectList(Map<String, Object> obj, String key) {
        if (!(obj.get(key) instanceof List<?> list)) return List.of();
        return list.stream().filter(Map.class::isInstance).map(e -> (Map<String, Object>) e).toList();
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
