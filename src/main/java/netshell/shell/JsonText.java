package netshell.shell;

import java.util.ArrayList;
import java.util.List;

import groovy.json.JsonException;
import groovy.json.JsonSlurper;

/** Lines of text read as JSON for {@code | json}: one document, or JSON lines (one value a line). */
final class JsonText {
    private JsonText() {}

    /** The document the lines make together; else a list of each line's value, a line that is not JSON as a string. */
    static Object parse(List<String> lines) {
        Object whole = value(String.join("\n", lines));
        if (whole != NOT_JSON) return whole;
        List<Object> out = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) continue;
            Object v = value(line);
            out.add(v == NOT_JSON ? line : v);
        }
        return out;
    }

    private static final Object NOT_JSON = new Object();

    private static Object value(String text) {
        String t = text.strip();
        // Only objects and arrays: a lone word or number on a line is text the user grepped, not a document.
        if (!(t.startsWith("{") && t.endsWith("}")) && !(t.startsWith("[") && t.endsWith("]"))) return NOT_JSON;
        try {
            return new JsonSlurper().parseText(t);
        } catch (JsonException | IllegalArgumentException e) {
            return NOT_JSON;
        }
    }
}
