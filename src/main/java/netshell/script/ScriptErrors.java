package netshell.script;

import java.nio.file.Path;

import groovy.lang.MissingPropertyException;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;

import netshell.command.CommandFailed;
import netshell.core.BadInput;
import netshell.node.NodeException;
import netshell.shell.Executor;

/** One-line messages and exit codes for what goes wrong in a script or a lib file. */
final class ScriptErrors {
    private ScriptErrors() {}

    static int exitCode(Throwable t) {
        if (t instanceof StepFailed s) return s.exitCode();
        return t instanceof BadInput ? Executor.USAGE : Executor.FAILED;
    }

    /** The user-facing text: our own exceptions speak for themselves; anything else names its type. */
    static String message(Throwable t) {
        if (t instanceof BadInput || t instanceof CommandFailed || t instanceof NodeException || t instanceof StepFailed
                || t instanceof CheckFailed) {
            return t.getMessage();
        }
        if (t instanceof MissingPropertyException mp)
            return "no such variable, command or node: " + mp.getProperty();
        if (t instanceof AssertionError) return "assertion failed: " + firstLine(t.getMessage());
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + firstLine(m));
    }

    /** "FILE:LINE: message" for a compile error (Groovy's own text is many lines with a caret picture). */
    static String compileError(Path file, MultipleCompilationErrorsException e) {
        var collector = e.getErrorCollector();
        if (collector.getErrorCount() > 0) {
            var first = collector.getError(0);
            if (first instanceof SyntaxErrorMessage s) {
                var se = s.getCause();
                return file + ":" + se.getLine() + ": " + firstLine(se.getOriginalMessage());
            }
            if (first instanceof ExceptionMessage em) return file + ": " + message(em.getCause());
        }
        return file + ": " + firstLine(e.getMessage());
    }

    /** The line of {@code file} where t was thrown, or -1. */
    static int line(Throwable t, Path file) {
        String name = file.getFileName().toString();
        for (Throwable c = t; c != null; c = c.getCause()) {
            for (StackTraceElement el : c.getStackTrace()) {
                if (name.equals(el.getFileName()) && el.getLineNumber() > 0) return el.getLineNumber();
            }
        }
        return -1;
    }

    static String firstLine(String s) {
        if (s == null) return "";
        return s.strip().lines().findFirst().orElse("");
    }
}
