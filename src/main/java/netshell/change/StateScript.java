package netshell.change;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The commands that read, compare and restore a node's state on the node itself, built from one shell library
 * ({@code state.sh}). Each takes its variable parts (snapshot ids) as arguments checked against a plain pattern;
 * what the node holds stays in files there and is never spliced into script text.
 */
public final class StateScript {
    private StateScript() {}

    /** Where a snapshot's group files live on the node. */
    public static final String DIR = "/run/netshell/snap";
    /** Largest diff (lines per group) carried back; a larger group is compared by digest only. */
    public static final int MAX_DIFF_LINES = 20_000;
    /** Groups of at most this many lines also bring their whole after-text, to show drift line by line. */
    public static final int SMALL_GROUP = 2_000;

    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");
    static final String LIBRARY = load();
    /** Where the library is kept on a node, named by its digest so that two versions never mix. */
    public static final String LIB_PATH = "/run/netshell/lib/state-" + digest(LIBRARY) + ".sh";
    /** The exit status of a state command on a node that does not have the library yet ({@link #install}). */
    public static final int MISSING = 97;

    private static String digest(String text) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts the library (stdin: {@link #library()}) on the node, whole or not at all. */
    public static List<String> install() {
        return List.of("sh", "-c", "umask 077; mkdir -p \"${1%/*}\" && cat > \"$1.new\" && mv -f \"$1.new\" \"$1\"", "sh",
                LIB_PATH);
    }

    private static String load() {
        try (InputStream in = StateScript.class.getResourceAsStream("/netshell/change/state.sh")) {
            if (in == null) throw new IllegalStateException("state.sh is missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shell library: for scripts that run later on the node (the armed rollback). */
    public static String library() { return LIBRARY; }

    /** A snapshot id (or rollback id) as the scripts accept it: letters, digits and dashes. */
    public static String checkedId(String id) {
        if (id == null || !ID.matcher(id).matches()) throw new IllegalArgumentException("bad snapshot id: " + id);
        return id;
    }

    /** Takes snapshot {@code id} into its directory on the node; prints each group's line count and digest. */
    public static List<String> take(String id) {
        return run("ns_take \"$NS_SNAP/$1\"", checkedId(id));
    }

    /**
     * Takes snapshot {@code after}, prints its difference from {@code before} ({@link GroupDelta#parseAll}) and
     * removes {@code after}; {@code before} is removed too unless {@code keepBefore} (an armed rollback needs it).
     */
    public static List<String> diff(String before, String after, boolean keepBefore) {
        return run("ns_take \"$NS_SNAP/$2\" >/dev/null; ns_diff \"$NS_SNAP/$1\" \"$NS_SNAP/$2\" " + MAX_DIFF_LINES + " "
                + SMALL_GROUP + "; rm -rf \"$NS_SNAP/$2\"" + (keepBefore ? "" : " \"$NS_SNAP/$1\""),
                checkedId(before), checkedId(after));
    }

    /** Prints every group of the node's state now, whole: "### NAME" then its lines (for tests). */
    public static List<String> show() {
        return run("T=$(mktemp -d) && ns_take \"$T/s\" >/dev/null && (cd \"$T/s\" && for f in *; do "
                + "case $f in *.absent|*.unreadable|'*') continue ;; esac; echo \"### $f\"; sed 's/^/=/' \"$f\"; "
                + "done); rm -rf \"$T\"");
    }

    /** Prints the named groups of the node's state now, whole, as {@link #show()} does. */
    public static List<String> show(List<String> groups) {
        for (String g : groups) if (!GROUP.matcher(g).matches()) throw new IllegalArgumentException("bad group " + g);
        return run("T=$(mktemp -d) && ns_take \"$T/s\" >/dev/null && for f in " + String.join(" ", groups)
                + "; do echo \"### $f\"; [ -f \"$T/s/$f\" ] && sed 's/^/=/' \"$T/s/$f\"; done; rm -rf \"$T\"");
    }

    /** Splits {@link #show}'s output: group name to its lines. */
    public static Map<String, List<String>> parseShow(String output) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("### ")) out.put(line.substring(4).strip(), current = new ArrayList<>());
            else if (current != null && line.startsWith("=")) current.add(line.substring(1));
        }
        return out;
    }

    /** Prints the digests of the node's state now, as {@link #take} does, keeping nothing. */
    public static List<String> digests() {
        return run("T=$(mktemp -d) && ns_take \"$T/s\"; rm -rf \"$T\"");
    }

    /** Removes snapshot {@code id} from the node. */
    public static List<String> drop(String id) {
        return run("rm -rf \"$NS_SNAP/$1\"", checkedId(id));
    }

    /** Reverses a journaled change; stdin: {@link GroupDelta#undoInput}. Prints "restored: …". */
    public static List<String> undo() {
        return run("T=$(mktemp -d) || exit 1; ns_undo; e=$?; rm -rf \"$T\"; echo \"restored:${NS_DONE:- nothing}\"; "
                + "exit $e");
    }

    /** A command using the library: short enough to read under --explain; exit {@link #MISSING} without it. */
    static List<String> run(String main, String... args) {
        String script = "f=" + LIB_PATH + "; [ -r \"$f\" ] || exit " + MISSING + "; . \"$f\"\n" + main;
        return switch (args.length) {
            case 0 -> List.of("sh", "-c", script);
            case 1 -> List.of("sh", "-c", script, "sh", args[0]);
            case 2 -> List.of("sh", "-c", script, "sh", args[0], args[1]);
            default -> List.of("sh", "-c", script, "sh", args[0], args[1], args[2]);
        };
    }
}
