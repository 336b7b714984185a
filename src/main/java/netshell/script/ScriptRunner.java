package netshell.script;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import groovy.lang.Script;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;

import netshell.command.CommandFailed;
import netshell.core.BadInput;
import netshell.node.NodeException;
import netshell.shell.Executor;

/** Compiles and runs one script file on a host; maps what goes wrong to one line and an exit code. */
public final class ScriptRunner {
    private ScriptRunner() {}

    /**
     * Runs the file; throws BadInput for a missing or uncompilable file (FILE:LINE: message), StepFailed for a
     * failed step, and the command's own exception otherwise.
     */
    public static Object execute(Path file, ScriptHost host) {
        if (!Files.isRegularFile(file)) throw new BadInput("no such script: " + file);
        Script script;
        try {
            script = GroovyEngine.shell(GroovyEngine.binding(host), NetshellScript.class).parse(file.toFile());
        } catch (MultipleCompilationErrorsException e) {
            throw new BadInput(ScriptErrors.compileError(file, e));
        } catch (IOException e) {
            throw new BadInput("cannot read " + file + ": " + e.getMessage());
        }
        try {
            return script.run();
        } catch (StepFailed | BadInput | CommandFailed | CheckFailed e) {
            throw e;
        } catch (RuntimeException | AssertionError e) {
            int line = ScriptErrors.line(e, file);
            throw new CommandFailed(file.getFileName() + (line > 0 ? ":" + line : "") + ": " + ScriptErrors.message(e),
                    e);
        }
    }

    /** For ./shell FILE.groovy: runs, prints a one-line error naming the file (and the step), returns the exit code. */
    public static int run(Path file, ScriptHost host, PrintStream err, boolean debug) {
        try {
            execute(file, host);
            return Executor.OK;
        } catch (StepFailed | BadInput | CommandFailed | CheckFailed | NodeException e) {
            String text = e.getMessage();
            err.println(host.style().red(
                    "netshell: " + (text.startsWith(file.toString()) || text.startsWith(file.getFileName().toString())
                            ? text
                            : file.getFileName() + ": " + text)));
            if (debug) e.printStackTrace(err);
            return ScriptErrors.exitCode(e);
        }
    }
}
