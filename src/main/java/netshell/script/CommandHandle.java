package netshell.script;

import groovy.lang.GroovyObjectSupport;
import netshell.command.CommandSpec;

/**
 * A command seen from Groovy: {@code net.split('10.0.0.0/24', 2)} calls the verb split of net. Every call
 * becomes words (CallWords) and goes through the shell's Invoker, like a typed line.
 */
public final class CommandHandle extends GroovyObjectSupport {
    private final CommandSpec spec;
    private final ScriptHost host;

    CommandHandle(CommandSpec spec, ScriptHost host) {
        this.spec = spec;
        this.host = host;
    }

    @Override
    public Object invokeMethod(String name, Object args) {
        Object[] array = args instanceof Object[] a ? a : args == null ? new Object[0] : new Object[]{args};
        return host.call(CallWords.of(spec, name, array));
    }

    /** {@code topology()} for a command without sub-commands. */
    public Object call(Object... args) {
        return host.call(CallWords.of(spec, "call", args));
    }

    @Override
    public String toString() { return "command " + spec.name(); }
}
