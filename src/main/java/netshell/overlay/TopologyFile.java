package netshell.overlay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import netshell.command.CommandFailed;
import netshell.core.BadInput;

/** Where an exported picture goes: checked before the nodes are read, written whole or not at all. */
final class TopologyFile {
    private TopologyFile() {}

    static Path checked(String format, String name) {
        Path file = Path.of(name).toAbsolutePath().normalize();
        if (Files.isDirectory(file)) throw new BadInput("--" + format + " " + name + ": is a directory, not a file");
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir))
            throw new BadInput("--" + format + " " + name + ": no directory " + dir);
        if (!Files.isWritable(dir)) throw new BadInput("--" + format + " " + name + ": cannot write in " + dir);
        return Path.of(name);
    }

    /** Through a temporary file beside it, so a reader never sees half a picture. */
    static void write(Path file, String text) {
        Path target = file.toAbsolutePath();
        try {
            // Not createTempFile: its owner-only mode would stay on a picture meant to be shared.
            Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CommandFailed("cannot write " + file + ": " + e.getMessage());
        }
    }
}
