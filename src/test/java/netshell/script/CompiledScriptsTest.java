package netshell.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bytecode cache behind Groovy lines: a hit skips the compiler, and only a private directory is trusted. */
class CompiledScriptsTest {
    static final CompilerConfiguration CONFIG = new CompilerConfiguration();
    final GroovyClassLoader loader = new GroovyClassLoader(getClass().getClassLoader(), CONFIG);

    @TempDir
    Path tmp;

    Path cacheDir() throws IOException {
        Path dir = tmp.resolve("groovy");
        Files.createDirectories(dir,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return dir;
    }

    Object run(CompiledScripts cache, String source) {
        return InvokerHelper.createScript(cache.scriptClass(source, "repl.groovy", CONFIG, loader), new Binding())
                .run();
    }

    List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    /** Puts the bytecode of {@code other} where the cache keeps {@code source}'s: what runs tells which was used. */
    void plant(Path dir, CompiledScripts cache, String source, String other) throws IOException {
        run(cache, other);
        Path otherEntry = entries(dir).get(0);
        byte[] planted = Files.readAllBytes(otherEntry);
        Files.delete(otherEntry);
        run(cache, source);
        Path sourceEntry = entries(dir).get(0);
        Files.write(sourceEntry, planted);
    }

    @Test
    void aSourceSeenBeforeRunsFromTheCacheNotTheCompiler() throws IOException {
        Path dir = cacheDir();
        CompiledScripts cache = new CompiledScripts(dir, "netshell.jar:1:1");
        plant(dir, cache, "2 + 2", "6 * 7");
        assertEquals(42, run(cache, "2 + 2"), "the stored classes ran, not a new compile");
        assertEquals(1, entries(dir).size());
    }

    @Test
    void anotherBuildOfNetshellCompilesAgain() throws IOException {
        Path dir = cacheDir();
        plant(dir, new CompiledScripts(dir, "netshell.jar:1:1"), "2 + 2", "6 * 7");
        assertEquals(4, run(new CompiledScripts(dir, "netshell.jar:2:2"), "2 + 2"));
        assertEquals(2, entries(dir).size());
    }

    @Test
    void aDirectoryOthersMayWriteIsNeverRead() throws IOException {
        Path dir = cacheDir();
        CompiledScripts cache = new CompiledScripts(dir, "b");
        plant(dir, cache, "2 + 2", "6 * 7");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(4, run(cache, "2 + 2"), "a world-writable cache could hold anyone's code");
        assertFalse(CompiledScripts.ownedByUsAlone(dir));
    }

    @Test
    void aTornEntryIsCompiledAgainAndWrittenOver() throws IOException {
        Path dir = cacheDir();
        CompiledScripts cache = new CompiledScripts(dir, "b");
        run(cache, "2 + 2");
        Path entry = entries(dir).get(0);
        Files.write(entry, new byte[]{0, 0, 0, 3, 1});
        assertEquals(4, run(cache, "2 + 2"));
        assertTrue(Files.size(entry) > 100, "written over with the compiled classes");
    }

    @Test
    void closuresComeBackWithTheirScript() throws IOException {
        Path dir = cacheDir();
        CompiledScripts cache = new CompiledScripts(dir, "b");
        String source = "[1, 2, 3].collect { it * 2 }.sum { n -> n + 1 }";
        assertEquals(15, run(cache, source));
        assertEquals(15, run(cache, source), "from the cache: the closures' classes load with the script's");
    }

    @Test
    void aSourceThatDoesNotCompileIsNotStored() throws IOException {
        Path dir = cacheDir();
        CompiledScripts cache = new CompiledScripts(dir, "b");
        assertThrows(MultipleCompilationErrorsException.class, () -> run(cache, "x = ("));
        assertEquals(List.of(), entries(dir));
    }

    @Test
    void withoutADirectoryEveryRunCompiles() {
        CompiledScripts none = new CompiledScripts(null, "");
        assertEquals(4, run(none, "2 + 2"));
        assertEquals(4, run(none, "2 + 2"));
    }
}
