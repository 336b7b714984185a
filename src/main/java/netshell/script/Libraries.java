package netshell.script;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import netshell.command.CommandSpec;
import netshell.command.Session;

/**
 * Where lib/ files live and how they join the registry: the repo's {@code lib/} and {@code ~/.netshell/lib/}
 * (or the ':'-separated folders in NETSHELL_LIB). Registration is lazy: nothing is read or compiled until a
 * line names a command that is not built in, or help/Tab lists every command. This class must not touch
 * Groovy, so that {@code net split} starts without it.
 */
public final class Libraries {
    private Libraries() {}

    public static List<Path> dirs() {
        String env = System.getenv("NETSHELL_LIB");
        List<Path> out = new ArrayList<>();
        if (env != null && !env.isBlank()) {
            for (String p : env.split(File.pathSeparator)) if (!p.isBlank()) out.add(Path.of(p));
            return out;
        }
        Path home = home();
        if (home != null) out.add(home.resolve("lib"));
        out.add(Path.of(System.getProperty("user.home"), ".netshell", "lib"));
        return out;
    }

    /** The repo: -Dnetshell.home from the launcher, else two levels above the jar or classes folder. */
    static Path home() {
        String prop = System.getProperty("netshell.home");
        if (prop != null && !prop.isBlank()) return Path.of(prop);
        try {
            Path code = Path.of(Libraries.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path repo = code.getParent() == null ? null : code.getParent().getParent();
            return repo != null && Files.isDirectory(repo.resolve("lib")) ? repo : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** {@code command('http', …)} or {@code command "http", …}: how a lib file names its command. */
    private static final Pattern COMMAND = Pattern.compile("(?m)^\\s*command\\s*\\(?\\s*['\"]([\\w-]+)['\"]");

    /**
     * Which names the lib files may define, read from their text without compiling them; any name when a file
     * cannot be read or names its command some other way.
     */
    static Predicate<String> mayDefine(List<Path> dirs) {
        Set<String> names = new HashSet<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".groovy")).toList()) {
                    Matcher m = COMMAND.matcher(Files.readString(f));
                    boolean any = false;
                    while (m.find()) {
                        names.add(m.group(1));
                        any = true;
                    }
                    if (!any) return name -> true;
                }
            } catch (IOException | RuntimeException e) {
                return name -> true;
            }
        }
        return names::contains;
    }

    /** Adds the lib commands of {@code dirs} to the session's registry, loaded on first need. */
    public static void install(Session session, List<Path> dirs) {
        session.registry().addLazy(mayDefine(dirs), () -> {
            List<CommandSpec> out = new ArrayList<>();
            for (LibLoader.Loaded l : LibLoader.load(dirs, session.completions(), session::notice)) {
                if (session.registry().has(l.spec().name())) {
                    session.notice(l.file() + ": command '" + l.spec().name()
                            + "' already exists; this definition is skipped");
                } else {
                    out.add(l.spec());
                }
            }
            return out;
        });
    }
}
