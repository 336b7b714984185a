package netshell.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import netshell.core.BadInput;

/**
 * An ssh_config file as OpenSSH reads it before matching: Include replaced by the files it names (globs,
 * in lexical order; relative paths from ~/.ssh for a file there, else from the including file's directory).
 * Match blocks are kept for OpenSSH to resolve (`ssh -G`), or, read without it, left out with one warning naming
 * the file and line of the first. Each line keeps where it came from.
 */
final class SshConfigFile {
    record Line(Path file, int number, String text) {
        String where() { return file + ":" + number; }
    }

    private static final int MAX_DEPTH = 16;

    final List<Line> lines = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    /** Whether Match blocks are kept (for ssh -G) rather than skipped. */
    private final boolean keepMatch;
    private int skippedMatches;
    /** Whether the file has Match blocks (kept or skipped). */
    boolean hasMatch;

    private SshConfigFile(boolean keepMatch) { this.keepMatch = keepMatch; }

    static SshConfigFile read(Path file, List<String> text) { return read(file, text, false); }

    static SshConfigFile read(Path file, List<String> text, boolean keepMatch) {
        SshConfigFile f = new SshConfigFile(keepMatch);
        f.add(file, text, 0);
        if (f.skippedMatches > 1) {
            String first = f.warnings.remove(0);
            f.warnings.add(0, first + " (and " + (f.skippedMatches - 1) + " more)");
        }
        return f;
    }

    private void add(Path file, List<String> text, int depth) {
        if (depth > MAX_DEPTH) throw new BadInput(file + ": Include nested too deeply (a loop?)");
        boolean inMatch = false;
        for (int i = 0; i < text.size(); i++) {
            String t = text.get(i).strip();
            String keyword = t.split("[\\s=]+", 2)[0].toLowerCase();
            if (keyword.equals("match")) {
                hasMatch = true;
                if (!keepMatch) {
                    inMatch = true;
                    if (skippedMatches++ == 0)
                        warnings.add(file + ":" + (i + 1)
                                + ": Match blocks are not supported without OpenSSH's ssh;"
                                + " skipped up to the next Host");
                    continue;
                }
            }
            if (keyword.equals("host")) inMatch = false;
            if (inMatch) continue;
            if (keyword.equals("include")) {
                String[] patterns = t.split("[\\s=]+", 2).length > 1
                        ? t.split("[\\s=]+", 2)[1].strip().split("\\s+")
                        : new String[0];
                if (patterns.length == 0) throw new BadInput(file + ":" + (i + 1) + ": 'Include' needs a value");
                for (String pattern : patterns) include(file, i + 1, pattern, depth);
                continue;
            }
            lines.add(new Line(file, i + 1, text.get(i)));
        }
    }

    private void include(Path from, int number, String pattern, int depth) {
        Path target = Path.of(SshLogin.expandHome(pattern));
        if (!target.isAbsolute()) {
            Path sshDir = Path.of(System.getProperty("user.home"), ".ssh");
            Path dir = from.toAbsolutePath().getParent();
            target = (dir != null && !dir.startsWith(sshDir) ? dir : sshDir).resolve(target);
        }
        Path dir = target.getParent();
        String glob = target.getFileName().toString();
        TreeSet<Path> matched = new TreeSet<>();
        if (dir != null && Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
                ds.forEach(p -> { if (Files.isRegularFile(p)) matched.add(p); });
            } catch (IOException e) {
                throw new BadInput(from + ":" + number + ": cannot read Include " + pattern + ": " + e.getMessage());
            }
        }
        // OpenSSH ignores an Include that matches nothing.
        for (Path p : matched) {
            try {
                add(p, Files.readAllLines(p, StandardCharsets.UTF_8), depth + 1);
            } catch (IOException e) {
                throw new BadInput(from + ":" + number + ": cannot read " + p + ": " + e.getMessage());
            }
        }
    }

    List<String> text() { return lines.stream().map(Line::text).toList(); }
}
