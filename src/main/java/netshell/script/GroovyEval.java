package netshell.script;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import groovy.lang.GroovyShell;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.runtime.InvokerHelper;

import netshell.command.CommandFailed;
import netshell.core.BadInput;
import netshell.node.NodeException;

/** Evaluates REPL lines as Groovy in one persistent binding; errors become one-line shell errors. */
final class GroovyEval {
    private static final Pattern DEF = Pattern.compile("^\\s*def\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*=");

    private final GroovyShell shell;
    private final ScriptHost host;
    private final CompilerConfiguration config = GroovyEngine.config(NetshellScript.class);
    private final CompiledScripts compiled;

    GroovyEval(ScriptHost host) {
        this(host, CompiledScripts.forThisUser());
    }

    GroovyEval(ScriptHost host, CompiledScripts compiled) {
        this.host = host;
        this.compiled = compiled;
        this.shell = GroovyEngine.shell(GroovyEngine.binding(host), config);
    }

    /** Compiles and runs a line past the cache: compiler and runtime load and warm while the user types. */
    void warmUp() {
        var type = new CompiledScripts(null, "").scriptClass("1 + 1", "warmup.groovy", config, shell.getClassLoader());
        InvokerHelper.createScript(type, shell.getContext()).run();
    }

    Object evaluate(String line) {
        // Each REPL line is its own script: 'def x = …' would die with it, so it becomes a binding variable.
        String source = line;
        Matcher m = DEF.matcher(source);
        if (m.find()) source = m.replaceFirst(Matcher.quoteReplacement(m.group(1) + " ="));
        try {
            synchronized (shell) {
                var type = compiled.scriptClass(source, "repl.groovy", config, shell.getClassLoader());
                return InvokerHelper.createScript(type, shell.getContext()).run();
            }
        } catch (MultipleCompilationErrorsException e) {
            String first = firstWord(source);
            if (commandLike(source, first)) throw unknownCommand(first);
            throw new BadInput("Groovy: "
                    + ScriptErrors.compileError(Path.of("line"), e).replaceFirst("^line:(\\d+): ", "line $1: "));
        } catch (MissingPropertyException | MissingMethodException e) {
            // "nett split": a first word that nothing knows, on a line that reads like a command, was meant as one.
            String first = firstWord(source);
            Class<?> on = e instanceof MissingPropertyException p
                    ? p.getType()
                    : ((MissingMethodException) e).getType();
            boolean free = on == null || groovy.lang.Script.class.isAssignableFrom(on);
            if (free && commandLike(source, first)) throw unknownCommand(first);
            throw new CommandFailed(ScriptErrors.message(e), e);
        } catch (BadInput | CommandFailed | NodeException e) {
            throw e;
        } catch (StepFailed | CheckFailed e) {
            throw new CommandFailed(e.getMessage(), e);
        } catch (RuntimeException | AssertionError e) {
            throw new CommandFailed(ScriptErrors.message(e), e);
        }
    }

    /** A first word that is a plain name Groovy does not know, then a space or nothing: {@code nett split …}. */
    private boolean commandLike(String source, String first) {
        if (first.isEmpty() || !source.strip().matches(java.util.regex.Pattern.quote(first) + "(\\s.*)?")) return false;
        return !shell.getContext().hasVariable(first) && !isScriptMethod(first) && host.resolve(first) == null;
    }

    private BadInput unknownCommand(String first) {
        var names = host.session().peekTarget().map(t -> t.fleet().names()).orElse(java.util.List.of());
        return host.session().registry().unknownCommand(first, names);
    }

    private static boolean isScriptMethod(String name) {
        for (var m : NetshellScript.class.getMethods()) if (m.getName().equals(name)) return true;
        return false;
    }

    private static String firstWord(String source) {
        return source.strip().split("[^A-Za-z0-9_-]", 2)[0];
    }
}
