package netshell.exercise;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import netshell.command.CommandFailed;
import netshell.command.Session;
import netshell.node.Node;

/**
 * The exercise under way on a target: its file, the faults it planted and the hints shown so far. Kept in a small
 * file per target ({@code ~/.netshell/exercises/}, {@code -Dnetshell.exercises=DIR}), so that {@code exercise check}
 * in another shell, or a later {@code ./shell -c}, grades the same exercise.
 */
record ExerciseState(String file, List<Integer> faults, int hintsShown) {
    ExerciseState {
        faults = List.copyOf(faults);
    }

    ExerciseState withHintsShown(int n) { return new ExerciseState(file, faults, n); }

    static Path dir() {
        String set = System.getProperty("netshell.exercises");
        return set != null ? Path.of(set) : Path.of(System.getProperty("user.home"), ".netshell", "exercises");
    }

    /** One file per target: a lab by its name, other targets by their nodes' names. */
    static Path fileFor(Session session) {
        var target = session.target();
        String key = target.isLab()
                ? "lab-" + target.lab().name()
                : target.kind() + "-" + Integer.toHexString(target.fleet().nodes().stream().map(Node::name).sorted()
                        .toList().hashCode());
        return dir().resolve(key.replaceAll("[^A-Za-z0-9_.-]", "_") + ".properties");
    }

    static Optional<ExerciseState> load(Session session) {
        Path f = fileFor(session);
        if (!Files.isRegularFile(f)) return Optional.empty();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new CommandFailed("cannot read " + f + ": " + e.getMessage());
        }
        String faults = p.getProperty("faults", "");
        List<Integer> ids = new ArrayList<>();
        for (String s : faults.split(",")) if (s.matches("\\d{1,9}")) ids.add(Integer.parseInt(s));
        int hints = p.getProperty("hints", "0").matches("\\d{1,4}") ? Integer.parseInt(p.getProperty("hints")) : 0;
        return p.getProperty("file") == null
                ? Optional.empty()
                : Optional.of(new ExerciseState(p.getProperty("file"), ids, hints));
    }

    void save(Session session) {
        Path f = fileFor(session);
        Properties p = new Properties();
        p.setProperty("file", file);
        p.setProperty("faults", String.join(",", faults.stream().map(String::valueOf).toList()));
        p.setProperty("hints", String.valueOf(hintsShown));
        try {
            Files.createDirectories(f.getParent());
            Path tmp = Files.createTempFile(f.getParent(), ".new-", ".properties");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "the exercise under way on this target");
            }
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CommandFailed("cannot write " + f + ": " + e.getMessage());
        }
    }

    static void forget(Session session) {
        try {
            Files.deleteIfExists(fileFor(session));
        } catch (IOException e) {
            throw new CommandFailed("cannot remove " + fileFor(session) + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() { return file + " " + Arrays.toString(faults.toArray()) + " " + hintsShown; }
}
