package netshell.exercise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import netshell.command.Session;
import netshell.core.BadInput;
import netshell.exercise.plan.Exercise;
import netshell.exercise.plan.ExerciseReader;

/** Where exercise files are and how one is read: the session's declaration reader, then the pure model. */
final class ExerciseFiles {
    /** The shipped exercises, relative to the directory netshell runs in (the repository). */
    static final Path SHIPPED = Path.of("scripts", "exercises");

    private ExerciseFiles() {}

    static Exercise load(Session session, Path file) {
        if (Files.isDirectory(file)) throw new BadInput(file + " is a directory; give one exercise file");
        if (!Files.isRegularFile(file)) throw new BadInput(file + ": no such file");
        String name = file.getFileName().toString().replaceFirst("\\.groovy$", "");
        return ExerciseReader.read(file.toString(), name, session.declarations().read(file));
    }

    /** The exercise files of a directory, sorted; or the one file given. */
    static List<Path> in(Path dirOrFile) {
        if (Files.isRegularFile(dirOrFile)) return List.of(dirOrFile);
        if (!Files.isDirectory(dirOrFile)) throw new BadInput(dirOrFile + ": no such directory");
        try (Stream<Path> s = Files.list(dirOrFile)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".groovy")).filter(Files::isRegularFile)
                    .sorted().toList();
        } catch (IOException e) {
            throw new BadInput(dirOrFile + ": cannot be listed (" + e.getMessage() + ")");
        }
    }

    /** Tab's values for FILE: the shipped exercises, as paths from here. */
    static List<String> completions() {
        if (!Files.isDirectory(SHIPPED)) return List.of();
        List<String> out = new ArrayList<>();
        for (Path p : in(SHIPPED)) out.add(p.toString());
        return out;
    }
}
