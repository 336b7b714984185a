package netshell.change;

import java.io.IOException;
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

import netshell.change.plan.JournalRecord;
import netshell.command.CommandFailed;

/**
 * The change journal on the machine running netshell: one JSON file per change ({@code 000012.json}). A new number is
 * taken under a file lock, and each file appears whole (written aside, then hard-linked into place, which fails
 * rather than overwrite), so two shells journaling at once lose nothing.
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
                    int id = lastId() + 1;
                    while (true) {
                        JournalRecord numbered = record.withId(id);
                        Path tmp = Files.createTempFile(dir, ".new-", ".json");
                        try {
                            Files.writeString(tmp, numbered.toJson(), StandardCharsets.UTF_8);
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

    /** Every change, oldest first; unreadable files are skipped. */
    public List<JournalRecord> all() {
        List<JournalRecord> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().matches("\\d+\\.json")).sorted().toList()) {
                try {
                    out.add(JournalRecord.fromJson(Files.readString(p, StandardCharsets.UTF_8)));
                } catch (RuntimeException | IOException e) {
                    // a damaged file costs its own change only
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public Optional<JournalRecord> get(int id) {
        Path p = file(id);
        if (!Files.exists(p)) return Optional.empty();
        try {
            return Optional.of(JournalRecord.fromJson(Files.readString(p, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new CommandFailed("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private int lastId() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d+\\.json"))
                    .mapToInt(n -> Integer.parseInt(n.substring(0, n.length() - 5))).max().orElse(0);
        }
    }

    private Path file(int id) { return dir.resolve(String.format("%06d.json", id)); }
}
