package netshell.script;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import groovy.lang.GroovyClassLoader;
import groovy.lang.Script;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.tools.GroovyClass;

/**
 * Groovy source compiled to script classes through a cache of their bytecode on disk, keyed by the source, its name
 * and netshell's own jar. A one-liner run again ({@code ./shell -c 'x = 2 + 2; println x'} in a loop, a REPL line
 * typed before) skips Groovy's parser and compiler, which on a cold JVM cost about a second; only the small
 * runtime loads. The cache holds code that will run as this user, so it lives in a directory only this user can
 * write (0700, owned by them) and is not read from any other.
 */
final class CompiledScripts {
    /** Past this many entries the older half goes: a cache, not an archive. */
    private static final int MAX_ENTRIES = 2000;

    private final Path dir; // null: compile every time
    private final String build;

    CompiledScripts(Path dir, String build) {
        this.dir = dir;
        this.build = build;
    }

    /** The cache of this user (XDG_CACHE_HOME or ~/.cache), when netshell runs from its jar; else none. */
    static CompiledScripts forThisUser() {
        String off = System.getProperty("netshell.groovy.cache", "");
        String build = jarIdentity();
        if (off.equals("off") || build == null) return new CompiledScripts(null, "");
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new CompiledScripts(base.resolve("netshell").resolve("groovy"), build);
    }

    /** The jar netshell runs from, by size and time: a rebuilt netshell never loads classes compiled for another. */
    private static String jarIdentity() {
        try {
            var location = CompiledScripts.class.getProtectionDomain().getCodeSource().getLocation();
            File jar = new File(location.toURI());
            return jar.isFile() ? jar.getName() + ":" + jar.length() + ":" + jar.lastModified() : null;
        } catch (Exception notAJar) {
            return null;
        }
    }

    /** The script class of {@code source}, loaded from the cache or compiled (and then stored). */
    @SuppressWarnings("unchecked")
    Class<? extends Script> scriptClass(String source, String name, CompilerConfiguration config,
            GroovyClassLoader parent) {
        String key = key(source, name, config);
        List<GroovyClass> stored = read(key);
        if (stored == null) {
            stored = compile(source, name, config, parent);
            write(key, stored);
        }
        OneScriptLoader loader = new OneScriptLoader(parent);
        Class<?> main = null;
        for (GroovyClass c : stored) {
            Class<?> defined = loader.define(c);
            if (main == null) main = defined;
        }
        return (Class<? extends Script>) main;
    }

    /** A loader per script: every REPL line is a class named "repl", defined again and again. */
    private static final class OneScriptLoader extends ClassLoader {
        OneScriptLoader(ClassLoader parent) {
            super(parent);
        }

        Class<?> define(GroovyClass c) {
            return defineClass(c.getName(), c.getBytes(), 0, c.getBytes().length);
        }
    }

    /** The classes of one source, the script class first (closures follow as classes of their own). */
    private static List<GroovyClass> compile(String source, String name, CompilerConfiguration config,
            GroovyClassLoader parent) {
        CompilationUnit unit = new CompilationUnit(config, null, parent);
        unit.addSource(name, source);
        unit.compile(Phases.CLASS_GENERATION);
        String main = unit.getFirstClassNode().getName();
        List<GroovyClass> classes = new ArrayList<>(unit.getClasses());
        classes.sort(Comparator.comparing((GroovyClass c) -> !c.getName().equals(main)));
        return classes;
    }

    private String key(String source, String name, CompilerConfiguration config) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : List.of(build, String.valueOf(config.getScriptBaseClass()), name, source)) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<GroovyClass> read(String key) {
        if (dir == null || !ownedByUsAlone(dir)) return null;
        Path file = dir.resolve(key);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return null;
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)));
            int n = in.readInt();
            List<GroovyClass> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String className = in.readUTF();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                out.add(new GroovyClass(className, bytes));
            }
            return out.isEmpty() ? null : out;
        } catch (IOException | RuntimeException unreadable) {
            return null; // a torn or foreign file: compiled again and written over
        }
    }

    private void write(String key, List<GroovyClass> classes) {
        if (dir == null) return;
        try {
            Files.createDirectories(dir,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (!ownedByUsAlone(dir)) return;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(classes.size());
            for (GroovyClass c : classes) {
                out.writeUTF(c.getName());
                out.writeInt(c.getBytes().length);
                out.write(c.getBytes());
            }
            Path tmp = Files.createTempFile(dir, key, ".tmp");
            Files.write(tmp, bytes.toByteArray());
            Files.move(tmp, dir.resolve(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            prune();
        } catch (IOException | RuntimeException notWritable) {
            // Without a cache every run compiles, as before: slower, never wrong.
        }
    }

    private void prune() throws IOException {
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.toList();
        }
        if (entries.size() <= MAX_ENTRIES) return;
        List<Path> oldestFirst = new ArrayList<>(entries);
        oldestFirst.sort(Comparator.comparing(p -> p.toFile().lastModified()));
        for (Path p : oldestFirst.subList(0, entries.size() / 2)) Files.deleteIfExists(p);
    }

    /** A real directory of this user that no one else may write into. */
    static boolean ownedByUsAlone(Path dir) {
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return false;
            String me = System.getProperty("user.name");
            if (!Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(me)) return false;
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            return !perms.contains(PosixFilePermission.GROUP_WRITE)
                    && !perms.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
