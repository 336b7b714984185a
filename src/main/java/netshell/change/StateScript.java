package netshell.change;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import netshell.command.NodeLibrary;

/**
 * The commands that read, compare and restore a node's state on the node itself, built from one shell library
 * ({@link NodeLibrary}). Each takes its variable parts (snapshot ids) as arguments checked against a plain pattern;
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

    /** A group name: "routes", "ipt4.nat", "nft.ip.netshell", or a scoped table "ipt4.nat~NETSHELL". */
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_.-]+(~[A-Za-z0-9_-]+)?");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");
    /** Where the library is kept on a node ({@link NodeLibrary#PATH}). */
    public static final String LIB_PATH = NodeLibrary.PATH;
    /** The exit status of a state command on a node that does not have the library yet. */
    public static final int MISSING = NodeLibrary.MISSING;

    /** Puts the library on the node ({@link NodeLibrary#install}). */
    public static List<String> install() {
        return NodeLibrary.install();
    }

    /** The shell library: for scripts that run later on the node (the armed rollback). */
    public static String library() {
        return NodeLibrary.text();
    }

    /** A snapshot id (or rollback id) as the scripts accept it: letters, digits and dashes. */
    public static String checkedId(String id) {
        if (id == null || !ID.matcher(id).matches()) throw new IllegalArgumentException("bad snapshot id: " + id);
        return id;
    }

    /**
     * Takes snapshot {@code id} into its directory on the node; prints each group's line count and digest. It is
     * the snapshot before a change: the node watches the change's route events beside it, so that {@link #diff}
     * need not read a big routing table again (ns_watch).
     */
    public static List<String> take(String id) {
        return run("NS_WATCH=1; ns_take \"$NS_SNAP/$1\"", checkedId(id));
    }

    /**
     * Takes snapshot {@code id} of {@code groups} only (all of them when empty): what a change whose steps say
     * what they touch needs, read in milliseconds on a node whose other tables are big.
     */
    public static List<String> take(String id, Collection<String> groups) {
        if (groups.isEmpty()) return take(id);
        return run("NS_WATCH=1; ns_take \"$NS_SNAP/$1\" " + checkedGroups(groups), checkedId(id));
    }

    /** Group names as the scripts accept them, space-separated (each checked against a plain pattern). */
    static String checkedGroups(Collection<String> groups) {
        for (String g : groups) if (!GROUP.matcher(g).matches()) throw new IllegalArgumentException("bad group " + g);
        return String.join(" ", new TreeSet<>(groups));
    }

    /**
     * Takes snapshot {@code after}, prints its difference from {@code before} ({@link GroupDelta#parseAll}) and
     * removes {@code after}; {@code before} is removed too unless {@code keepBefore} and an armed rollback restores
     * it (one that took over an earlier rollback restores that one's snapshot instead).
     */
    public static List<String> diff(String before, String after, boolean keepBefore) {
        return run(
                "NS_SINCE=\"$NS_SNAP/$1\"; ns_take \"$NS_SNAP/$2\" $(ns_scope \"$NS_SNAP/$1\") >/dev/null;"
                        + " ns_diff \"$NS_SNAP/$1\" \"$NS_SNAP/$2\" "
                        + MAX_DIFF_LINES + " "
                        + SMALL_GROUP + "; rm -rf \"$NS_SNAP/$2\"; "
                        + (keepBefore ? "ns_based \"$1\" || " : "") + "rm -rf \"$NS_SNAP/$1\"",
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
        String names = checkedGroups(groups);
        return run("T=$(mktemp -d) && ns_take \"$T/s\" " + names + " >/dev/null && for f in " + names
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

    /** The digests of {@code groups} only (all when empty). */
    public static List<String> digests(Collection<String> groups) {
        if (groups.isEmpty()) return digests();
        return run("T=$(mktemp -d) && ns_take \"$T/s\" " + checkedGroups(groups) + "; rm -rf \"$T\"");
    }

    /** Removes snapshot {@code id} from the node. */
    public static List<String> drop(String id) {
        return run("ns_unwatch \"$NS_SNAP/$1\"; rm -rf \"$NS_SNAP/$1\"", checkedId(id));
    }

    /** Reverses a journaled change; stdin: {@link GroupDelta#undoInput}. Prints "restored: …". */
    public static List<String> undo() {
        return run("T=$(mktemp -d) || exit 1; ns_undo; e=$?; rm -rf \"$T\"; echo \"restored:${NS_DONE:- nothing}\"; "
                + "exit $e");
    }

    /** The exit status of {@link #undo} and {@link #undoCheck} when the node changed since ("conflict NAME" lines). */
    public static final int CONFLICT = 6;

    /** Only the check of {@link #undo}: changes nothing; exit {@link #CONFLICT} with "conflict NAME" lines. */
    public static List<String> undoCheck() {
        return run("T=$(mktemp -d) || exit 1; ns_undo check; e=$?; rm -rf \"$T\"; exit $e");
    }

    static List<String> run(String main, String... args) {
        return NodeLibrary.command(main, args);
    }
}
