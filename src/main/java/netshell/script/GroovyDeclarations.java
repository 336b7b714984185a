package netshell.script;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.GString;
import groovy.lang.GroovyObjectSupport;
import groovy.lang.GroovyShell;
import groovy.util.DelegatingScript;
import netshell.command.DeclarationReader;
import netshell.core.BadInput;
import netshell.core.Declared;

/**
 * Reads a declarative .groovy file ({@code exercise { goal '…'; setup { run '…' }; check 'pingall' }}) by running it
 * with every unknown call recorded, never executed: each call becomes a {@link Declared} with its line, its values,
 * its named values and the calls of its block. The file may compute values (loops, variables); what it declares is
 * the calls it makes.
 */
final class GroovyDeclarations implements DeclarationReader {
    @Override
    public List<Declared> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInput(file + ": no such file");
        } catch (IOException e) {
            throw new BadInput(file + ": cannot be read (" + e.getMessage() + ")");
        }
        String source = file.getFileName().toString();
        CompilerConfiguration config = new CompilerConfiguration();
        config.setScriptBaseClass(DelegatingScript.class.getName());
        GroovyShell shell = new GroovyShell(GroovyDeclarations.class.getClassLoader(), new Binding(), config);
        Calls top = new Calls(source);
        try {
            DelegatingScript script = (DelegatingScript) shell.parse(text, source);
            script.setDelegate(top);
            script.run();
        } catch (CompilationFailedException e) {
            throw new BadInput(file + ": " + firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            int line = lineIn(e.getStackTrace(), source);
            throw new BadInput(file + (line > 0 ? ":" + line : "") + ": " + firstLine(String.valueOf(e.getMessage())));
        }
        return top.calls;
    }

    /** The calls made on it, recorded; a call's block is run with a fresh recorder of its own. */
    static final class Calls extends GroovyObjectSupport {
        private final String source;
        private final List<Declared> calls = new ArrayList<>();

        Calls(String source) {
            this.source = source;
        }

        @Override
        public Object invokeMethod(String name, Object args) {
            Object[] given = args instanceof Object[] a ? a : new Object[]{args};
            Map<String, Object> named = new LinkedHashMap<>();
            List<Object> values = new ArrayList<>();
            Closure<?> block = null;
            for (int i = 0; i < given.length; i++) {
                Object v = given[i];
                if (i == 0 && v instanceof Map<?, ?> m) {
                    m.forEach((k, x) -> named.put(String.valueOf(k), plain(x)));
                } else if (i == given.length - 1 && v instanceof Closure<?> c) {
                    block = c;
                } else {
                    values.add(plain(v));
                }
            }
            int line = lineIn(new Throwable().getStackTrace(), source);
            List<Declared> body = List.of();
            if (block != null) {
                Calls inner = new Calls(source);
                Closure<?> c = (Closure<?>) block.clone();
                c.setDelegate(inner);
                c.setResolveStrategy(Closure.DELEGATE_FIRST);
                c.call();
                body = inner.calls;
            }
            calls.add(new Declared(name, line, values, named, body));
            return null;
        }

        /** Strings, numbers, booleans, lists and maps as they are; a GString as its text. */
        private static Object plain(Object v) {
            if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) return v;
            if (v instanceof GString g) return g.toString();
            if (v instanceof List<?> l) return l.stream().map(Calls::plain).toList();
            if (v instanceof Map<?, ?> m) {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
                return out;
            }
            if (v instanceof Closure<?>) throw new BadInput("a block { … } may only come last");
            return String.valueOf(v);
        }
    }

    /** The line of the file in a stack: its first frame in that source. */
    private static int lineIn(StackTraceElement[] stack, String source) {
        for (StackTraceElement e : stack)
            if (source.equals(e.getFileName()) && e.getLineNumber() > 0)
                return e.getLineNumber();
        return 0;
    }

    private static String firstLine(String message) {
        String m = message.strip();
        // Groovy's compiler opens with "startup failed:" and the file name on the next line.
        if (m.startsWith("startup failed:")) m = m.substring("startup failed:".length()).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
