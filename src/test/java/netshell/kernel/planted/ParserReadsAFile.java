package netshell.kernel.planted;

import java.nio.file.Files;
import java.nio.file.Path;

/** Planted for ArchitectureTest: pure logic doing I/O (pureCodeDoesNoIo must fail on it). */
public class ParserReadsAFile {
    boolean read() { return Files.exists(Path.of("/etc/hosts")); }
}
