package netshell.script;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import groovy.lang.GroovyShell;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;

import netshell.command.CommandFailed;
import netshell.core.BadInput;
import netshell.node.NodeException;

/** Evaluates REPL lines as Groovy in one persistent binding; errors become one-line shell errors. */
final class GroovyEval {
    private static final Pattern DEF = Pattern.compile("^\\s*def\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*=");

    private final GroovyShell shell;

    GroovyEval(ScriptHost host) {
        this.shell = GroovyEngine.shell(GroovyEngine.binding(host), NetshellScript.class);
    }

    Object evaluate(String line) {
        // Each REPL line is its own script: 'def x = …' would die with it, so it becomes a binding variable.
        String source = line;
        Matcher m = DEF.matcher(source);
        if (m.find()) source = m.replaceFirst(Matcher.quoteReplacement(m.group(1) + " ="));
        try {
            synchronized (shell) {
                return shell.evaluate(source, "repl.groovy");
            }
        } catch (MultipleCompilationErrorsException e) {
            String first = firstWord(source);
            throw new BadInput("unknown command '" + first + "', and not Groovy either: "
                    + ScriptErrors.compileError(Path.of("line"), e).replaceFirst("^line:\\d+: ", ""));
        } catch (MissingPropertyException | MissingMethodException e) {
            // "nett split": the first word is nothing Groovy knows either, so it was meant as a command.
            String first = firstWord(source);
            if (!first.isEmpty() && !shell.getContext().hasVariable(first) && !isScriptMethod(first))
                throw new BadInput("unknown command '" + first + "' (try 'help')");
            throw new CommandFailed(ScriptErrors.message(e), e);
        } catch (BadInput | CommandFailed | NodeException e) {
            throw e;
        } catch (StepFailed | CheckFailed e) {
            throw new CommandFailed(e.getMessage(), e);
        } catch (RuntimeException | AssertionError e) {
            throw new CommandFailed(ScriptErrors.message(e), e);
        }
    }

    private static boolean isScriptMethod(String name) {
        for (var m : NetshellScript.class.getMethods()) if (m.getName().equals(name)) return true;
        return false;
    }

    private static String firstWord(String source) {
        return source.strip().split("[^A-Za-z0-9_-]", 2)[0];
    }
}
