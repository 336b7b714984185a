package netshell.trace.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import groovy.json.JsonException;
import groovy.json.JsonSlurper;

/** The top-level arrays `ip -j` prints, as maps; what the kernel package does not already parse. */
final class Json {
    private Json() {}

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(String json, String command) {
        if (json == null || json.isBlank()) return List.of();
        Object root;
        try {
            root = new JsonSlurper().parseText(json);
        } catch (JsonException | IllegalArgumentException e) {
            throw new IllegalStateException("`" + command + "` printed malformed JSON");
        }
        if (!(root instanceof List<?> items)) throw new IllegalStateException("`" + command + "` printed no array");
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object item : items) if (item instanceof Map<?, ?> m) out.add((Map<String, Object>) m);
        return out;
    }

    static String string(Map<String, Object> o, String key) {
        Object v = o.get(key);
        return v == null ? null : v.toString();
    }

    static Integer integer(Map<String, Object> o, String key) {
        Object v = o.get(key);
        if (v instanceof Number n) return n.intValue();
        if (v instanceof String s && s.matches("\\d+")) return Integer.valueOf(s);
        return null;
    }
}
