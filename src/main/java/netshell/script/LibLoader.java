package netshell.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.codehaus.groovy.control.MultipleCompilationErrorsException;

import groovy.lang.Binding;
import groovy.lang.Script;
import netshell.command.CommandSpec;
import netshell.command.Completions;

/** Compiles and runs each lib/*.groovy file; a broken file is reported (file, line, message) and skipped. */
final class LibLoader {
    private LibLoader() {}

    record Loaded(Path file, CommandSpec spec) {}

    static List<Loaded> load(List<Path> dirs, Completions completions, Consumer<String> report) {
        List<Loaded> out = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) continue;
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".groovy")).sorted().toList();
            } catch (IOException e) {
                report.accept("cannot read lib folder " + dir + ": " + e.getMessage());
                continue;
            }
            for (Path f : files) {
                try {
                    for (CommandSpec spec : loadFile(f, completions)) out.add(new Loaded(f, spec));
                } catch (LibError e) {
                    report.accept("lib " + e.getMessage() + " (file skipped)");
                }
            }
        }
        return out;
    }

    static List<CommandSpec> loadFile(Path file, Completions completions) {
        LibDefinitions defs = new LibDefinitions(file, completions);
        Binding binding = new Binding();
        binding.setVariable(LibScript.DEFINITIONS, defs);
        Script script;
        try {
            script = GroovyEngine.shell(binding, LibScript.class).parse(file.toFile());
        } catch (MultipleCompilationErrorsException e) {
            throw new LibError(ScriptErrors.compileError(file, e));
        } catch (IOException e) {
            throw new LibError(file + ": " + e.getMessage());
        }
        try {
            script.run();
        } catch (RuntimeException | AssertionError e) {
            int line = ScriptErrors.line(e, file);
            throw new LibError(file + (line > 0 ? ":" + line : "") + ": " + ScriptErrors.message(e));
        }
        return defs.specs();
    }

    static final class LibError extends RuntimeException {
        LibError(String message) { super(message); }
    }
}
