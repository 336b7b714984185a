package netshell.addr.math;

/** How user input appears inside a BadInput message: always one short, printable line. */
final class Shown {
    static final int MAX_CHARS = 40;

    private Shown() {}

    static String input(String text) {
        if (text == null) return "(nothing)";
        String cut = text;
        boolean truncated = false;
        if (cut.length() > MAX_CHARS) {
            int end = Character.isHighSurrogate(cut.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
            cut = cut.substring(0, end);
            truncated = true;
        }
        StringBuilder out = new StringBuilder();
        boolean quote = cut.isEmpty();
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            // Control characters and Unicode line/paragraph separators would break the one-line rule.
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append("\\u").append(Integer.toHexString(0x10000 | c), 1, 5);
                quote = true;
            } else {
                if (Character.isWhitespace(c) || Character.isSpaceChar(c)) quote = true;
                out.append(c);
            }
        }
        if (truncated) out.append('…');
        return quote ? '"' + out.toString() + '"' : out.toString();
    }
}
