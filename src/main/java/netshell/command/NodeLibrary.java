package netshell.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import netshell.core.FaultMarkers;
import netshell.node.ExecResult;
import netshell.node.Node;

/**
 * The shell library netshell keeps on each node ({@code node-library.sh}): snapshots, diffs and restores of the
 * node's state, and reads of netfilter tables chain by chain. Put there on first use, under a name holding its
 * digest, so that two versions never mix; a command sources it and passes its variable parts as arguments.
 */
public final class NodeLibrary {
    private NodeLibrary() {}

    private static final String TEXT = load();
    /** Where the library is kept on a node. */
    public static final String PATH = "/run/netshell/lib/state-" + digest(TEXT) + ".sh";
    /** The exit status of a library command on a node that does not have the library yet. */
    public static final int MISSING = 97;

    private static String load() {
        try (InputStream in = NodeLibrary.class.getResourceAsStream("/netshell/command/node-library.sh")) {
            if (in == null) throw new IllegalStateException("node-library.sh is missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@FAULT_MARKERS_DIR@",
                    FaultMarkers.DIR);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The library's text: for scripts that run later on the node by themselves (the armed rollback). */
    public static String text() {
        return TEXT;
    }

    /** Puts the library (stdin: {@link #text()}) on the node, whole or not at all. */
    public static List<String> install() {
        return List.of("sh", "-c", "umask 077; mkdir -p \"${1%/*}\" && cat > \"$1.new\" && mv -f \"$1.new\" \"$1\"",
                "sh",
                PATH);
    }

    /** A command using the library: short enough to read under --explain; exit {@link #MISSING} without it. */
    public static List<String> command(String main, String... args) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c",
                "f=" + PATH + "; [ -r \"$f\" ] || exit " + MISSING + "; . \"$f\"\n" + main));
        if (args.length > 0) {
            argv.add("sh");
            argv.addAll(List.of(args));
        }
        return List.copyOf(argv);
    }

    /** Runs a library command as a read (echoed by --explain), first putting the library there if it is missing. */
    public static ExecResult read(Context ctx, Node node, List<String> argv) {
        return withLibrary(node, () -> ctx.read(node, argv));
    }

    /**
     * Several reads in one round trip ({@link Context#readEach}) of which some use the library: when the node lacked
     * it, it is put there and the reads are done again.
     */
    public static List<ExecResult> readEach(Context ctx, Node node, List<List<String>> argvs) {
        List<ExecResult> r = ctx.readEach(node, argvs);
        if (r.stream().noneMatch(x -> x.exit() == MISSING)) return r;
        return node.run(install(), TEXT).ok() ? ctx.readEach(node, argvs) : r;
    }

    /** The same for a command that must not be echoed as a read (quiet status checks). */
    public static ExecResult run(Node node, List<String> argv) {
        return withLibrary(node, () -> node.run(argv, null));
    }

    /**
     * Runs {@code command}; when the node lacked the library (a first contact, or /run emptied by a reboot), puts
     * it there and runs it again: one extra round trip then, none after.
     */
    public static ExecResult withLibrary(Node node, Supplier<ExecResult> command) {
        ExecResult r = command.get();
        if (r.exit() != MISSING) return r;
        ExecResult installed = node.run(install(), TEXT);
        return installed.ok() ? command.get() : installed;
    }
}
