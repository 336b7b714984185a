package netshell.shell;

import org.fusesource.jansi.Ansi;

/** Colour on or off; every ANSI code the shell prints comes through here, so turning it off is total. */
public record Style(boolean color) {
    public static final Style PLAIN = new Style(false);

    /** Colour only for a terminal, never when NO_COLOR is set or --no-color was given. */
    public static Style detect(boolean noColorFlag, boolean terminal) {
        String noColor = System.getenv("NO_COLOR");
        return new Style(terminal && !noColorFlag && (noColor == null || noColor.isEmpty()));
    }

    public String bold(String s) { return color ? Ansi.ansi().bold().a(s).reset().toString() : s; }
    public String dim(String s) { return color ? Ansi.ansi().fgBrightBlack().a(s).reset().toString() : s; }
    public String red(String s) { return color ? Ansi.ansi().fgRed().a(s).reset().toString() : s; }
    public String green(String s) { return color ? Ansi.ansi().fgGreen().a(s).reset().toString() : s; }
    public String yellow(String s) { return color ? Ansi.ansi().fgYellow().a(s).reset().toString() : s; }
    public String cyan(String s) { return color ? Ansi.ansi().fgCyan().a(s).reset().toString() : s; }

    private static final java.util.regex.Pattern ANSI = java.util.regex.Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");

    /** The text without its ANSI escape codes (for transcripts: record FILE.md). */
    public static String strip(String s) {
        return s.indexOf('\u001B') < 0 ? s : ANSI.matcher(s).replaceAll("");
    }

    /** Colours a status word the way every table shows it. */
    public String status(String cell) {
        if (!color) return cell;
        String t = cell.strip();
        return switch (t) {
            case "OK", "PASS", "up", "UP", "true", "ok" -> green(cell);
            case "FAIL", "down", "DOWN", "false", "failed", "error" -> red(cell);
            case "WARN", "warn", "missing" -> yellow(cell);
            default -> cell;
        };
    }
}
