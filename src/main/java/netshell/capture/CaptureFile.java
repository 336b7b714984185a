package netshell.capture;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import netshell.core.BadInput;

/** Where {@code tcpdump -w} writes: a file (checked before any capture starts), or standard output for "-". */
final class CaptureFile {
    private static final int BUFFER = 256 * 1024;

    private CaptureFile() {}

    static boolean isStdout(String file) { return file.equals("-"); }

    /** Refuses, in one line, a path that cannot be written, without creating anything (a dry run checks this). */
    static void check(String file) {
        if (isStdout(file)) {
            if (System.console() != null)
                throw new BadInput("-w -: standard output is a terminal; pipe it (| wireshark -k -i -) or name a file");
            return;
        }
        if (file.isBlank()) throw new BadInput("-w: a file name is needed (or - for standard output)");
        Path path = Path.of(file);
        if (Files.isDirectory(path)) throw new BadInput("-w " + file + ": is a directory; name a file in it");
        if (Files.isSymbolicLink(path))
            throw new BadInput("-w " + file + ": is a symbolic link; it is not followed, name the file itself");
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent))
            throw new BadInput("-w " + file + ": no such directory " + parent);
    }

    /** The file, created or emptied, or standard output left open; buffered, the capture flushes it as it goes. */
    static OutputStream open(String file) {
        check(file);
        if (isStdout(file)) return new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), BUFFER);
        Path path = Path.of(file);
        try {
            return new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    BUFFER);
        } catch (AccessDeniedException e) {
            throw new BadInput("-w " + file + ": permission denied");
        } catch (NoSuchFileException e) {
            throw new BadInput("-w " + file + ": cannot be created there");
        } catch (FileSystemException e) {
            throw new BadInput("-w " + file + ": " + (e.getReason() == null ? "cannot be written" : e.getReason()));
        } catch (IOException e) {
            throw new BadInput("-w " + file + ": " + e.getMessage());
        }
    }
}
