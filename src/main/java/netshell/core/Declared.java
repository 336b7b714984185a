package netshell.core;

import java.util.List;
import java.util.Map;

/**
 * One call of a declarative file written in builder syntax ({@code plant 'mtu', on: 'node2'}), as plain values: its
 * name, the line it stands on, its positional values, its named values and the calls of its block ({@code setup { …
 * }}). Values are strings, numbers, booleans, lists and maps; a feature reads these without knowing the language.
 */
public record Declared(String name, int line, List<Object> values, Map<String, Object> named, List<Declared> body) {
    public Declared {
        values = List.copyOf(values);
        named = Map.copyOf(named);
        body = List.copyOf(body);
    }

    /** The first positional value as text, or null. */
    public String text() {
        return values.isEmpty() || values.get(0) == null ? null : String.valueOf(values.get(0));
    }
}
