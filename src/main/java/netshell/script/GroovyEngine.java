package netshell.script;

import java.io.PrintWriter;

import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import groovy.lang.Script;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.customizers.ImportCustomizer;

/** The one place that configures Groovy for scripts, REPL lines and lib files. */
final class GroovyEngine {
    private GroovyEngine() {}

    static GroovyShell shell(Binding binding, Class<? extends Script> base) {
        return shell(binding, config(base));
    }

    static GroovyShell shell(Binding binding, CompilerConfiguration config) {
        return new GroovyShell(GroovyEngine.class.getClassLoader(), binding, config);
    }

    static CompilerConfiguration config(Class<? extends Script> base) {
        CompilerConfiguration config = new CompilerConfiguration();
        config.setScriptBaseClass(base.getName());
        ImportCustomizer imports = new ImportCustomizer();
        imports.addImports("netshell.core.BadInput", "netshell.command.CommandFailed", "netshell.command.Text",
                "netshell.addr.math.Cidr");
        config.addCompilationCustomizers(imports);
        return config;
    }

    /**
     * The host's binding, made on first use, whose scripts reach the host (commands, nodes, narration) and print
     * through it: a script file and the Groovy lines it runs (sh 'x = 3') share their variables.
     */
    static Binding binding(ScriptHost host) {
        return (Binding) host.groovyState(() -> newBinding(host));
    }

    private static Binding newBinding(ScriptHost host) {
        Binding b = new Binding();
        b.setVariable(NetshellScript.HOST, host);
        b.setVariable("args", host.args());
        b.setVariable("out", new PrintWriter(new LineWriter(host::print), true));
        return b;
    }
}
