package netshell.change;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import netshell.change.plan.JournalRecord;
import netshell.command.CommandFailed;

/**
 * The change journal on the machine running netshell: per change a small header ({@code 000012.json}: when, what,
 * which nodes and steps) that {@code changes} lists, its deltas compressed beside it ({@code 000012.delta.gz}), and
 * what became of it later ({@code 000012.state}). A new number is taken under a file lock, and each header appears
 * whole (written aside, then hard-linked into place, which fails rather than overwrite), so two shells journaling
 * at once lose nothing.
 */
public final class Journal {
    /** Threads of one JVM share a file lock, which the OS grants per process: they queue here first. */
    private static final Object IN_PROCESS = new Object();

    private final Path dir;

    public Journal(Path dir) {
        this.dir = dir;
    }

    /** {@code -Dnetshell.journal=DIR}, else {@code ~/.netshell/journal}. */
    public static Journal standard() {
        String set = System.getProperty("netshell.journal");
        return new Journal(set != null
                ? Path.of(set)
                : Path.of(System.getProperty("user.home"), ".netshell",
                        "journal"));
    }

    public Path dir() { return dir; }

    /** Stores the record under the next free number; returns it with that number. */
    public JournalRecord append(JournalRecord record) {
        try {
            Files.createDirectories(dir);
            synchronized (IN_PROCESS) {
                try (FileChannel lock = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE); FileLock held = lock.lock()) {
                    byte[] deltas = gzip(record.deltasJson());
                    int id = lastId() + 1;
                    while (true) {
                        JournalRecord numbered = record.withId(id);
                        Path tmp = Files.createTempFile(dir, ".new-", ".json");
                        try {
                            Files.write(deltaFile(id), deltas);
                            Files.writeString(tmp, numbered.headerJson(), StandardCharsets.UTF_8);
                            Files.createLink(file(id), tmp);
                            return numbered;
                        } catch (FileAlreadyExistsException e) {
                            id++; // a shell without the lock (another host on a shared home): take the next
                        } finally {
                            Files.deleteIfExists(tmp);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new CommandFailed("cannot write the change journal in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Notes what became of change {@code id} ("confirmed", "rolled back at 14:03:12"); the last note counts. */
    public void mark(int id, String state) {
        try {
            Files.writeString(dir.resolve(String.format("%06d.state", id)), state + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            // the note is a convenience: the change itself is journaled
        }
    }

    /** Every change, oldest first, headers only (no deltas); unreadable files are skipped. */
    public List<JournalRecord> all() {
        List<JournalRecord> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().matches("\\d+\\.json")).sorted().toList()) {
                try {
                    int id = Integer.parseInt(p.getFileName().toString().replace(".json", ""));
                    out.add(JournalRecord.fromJson(Files.readString(p, StandardCharsets.UTF_8), null, state(id))
                            .header());
                } catch (RuntimeException | IOException e) {
                    // a damaged file costs its own change only
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Change {@code id} whole, with its deltas. */
    public Optional<JournalRecord> get(int id) {
        Path p = file(id);
        if (!Files.exists(p)) return Optional.empty();
        try {
            String deltas = Files.exists(deltaFile(id)) ? gunzip(Files.readAllBytes(deltaFile(id))) : null;
            return Optional.of(JournalRecord.fromJson(Files.readString(p, StandardCharsets.UTF_8), deltas, state(id)));
        } catch (IOException | RuntimeException e) {
            throw new CommandFailed("cannot read change " + id + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    private String state(int id) throws IOException {
        Path p = dir.resolve(String.format("%06d.state", id));
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8).strip() : "";
    }

    private int lastId() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d+\\.json"))
                    .mapToInt(n -> Integer.parseInt(n.substring(0, n.length() - 5))).max().orElse(0);
        }
    }

    private Path file(int id) { return dir.resolve(String.format("%06d.json", id)); }

    private Path deltaFile(int id) { return dir.resolve(String.format("%06d.delta.gz", id)); }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    static String gunzip(byte[] bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
