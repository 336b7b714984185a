package netshell.script;

import java.nio.file.Path;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import groovy.lang.Script;
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
        if (t instanceof MissingPropertyException mp) {
            if (mp.getType() == null || Script.class.isAssignableFrom(mp.getType()))
                return "no such variable, command or node: " + mp.getProperty();
            return "no property '" + mp.getProperty() + "' on " + mp.getType().getSimpleName() + "; it has "
                    + String.join(", ", properties(mp.getType()));
        }
        if (t instanceof MissingMethodException mm && mm.getType() != null
                && !Script.class.isAssignableFrom(mm.getType())) {
            return "no method '" + mm.getMethod() + "' on " + mm.getType().getSimpleName()
                    + " for these arguments; it has "
                    + String.join(", ", methods(mm.getType()));
        }
        if (t instanceof AssertionError) return "assertion failed: " + firstLine(t.getMessage());
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + firstLine(m));
    }

    /** What a script may read of an object of this type: a record's components, else its getters' properties. */
    static List<String> properties(Class<?> type) {
        Set<String> out = new LinkedHashSet<>();
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) out.add(c.getName());
        }
        for (Method m : type.getMethods()) {
            if (m.getDeclaringClass() == Object.class || m.getParameterCount() != 0
                    || Modifier.isStatic(m.getModifiers()))
                continue;
            String n = m.getName();
            if (n.startsWith("get") && n.length() > 3) out.add(Character.toLowerCase(n.charAt(3)) + n.substring(4));
            else if (n.startsWith("is") && n.length() > 2 && m.getReturnType() == boolean.class)
                out.add(Character.toLowerCase(n.charAt(2)) + n.substring(3));
        }
        out.remove("class");
        out.remove("metaClass");
        return new ArrayList<>(out);
    }

    /** The public methods a script may call on an object of this type. */
    static List<String> methods(Class<?> type) {
        Set<String> out = new LinkedHashSet<>();
        for (Method m : type.getMethods()) {
            if (m.getDeclaringClass() != Object.class && !Modifier.isStatic(m.getModifiers())
                    && !m.getDeclaringClass().getName().startsWith("groovy."))
                out.add(m.getName());
        }
        return new ArrayList<>(out);
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
