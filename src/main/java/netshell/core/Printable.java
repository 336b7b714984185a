package netshell.core;

/**
 * Text from elsewhere (a node, a container, a file) made safe to print on an operator's terminal: control
 * characters (which can move the cursor, clear the screen or forge lines) and the bidirectional overrides (which
 * reorder what is seen) are shown escaped, {@code \n}, {@code \x1b}, {@code \u202e}; everything else is unchanged.
 */
public final class Printable {
    private Printable() {}

    public static String escape(String text) {
        if (text == null) return null;
        if (text.chars().noneMatch(Printable::unsafe)) return text;
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!unsafe(c)) out.append(c);
            else if (c == '\n') out.append("\\n");
            else if (c == '\r') out.append("\\r");
            else if (c == '\t') out.append("\\t");
            else if (c < 0x100) out.append(String.format("\\x%02x", (int) c));
            else
                out.append(String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }

    /** Whether the text holds a character that escape() would change. */
    public static boolean hasControl(String text) {
        return text != null && text.chars().anyMatch(Printable::unsafe);
    }

    private static boolean unsafe(int c) {
        return c < 0x20 || c >= 0x7f && c < 0xa0 || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069;
    }
}
