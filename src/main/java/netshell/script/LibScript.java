package netshell.script;

import java.util.Map;

import groovy.lang.Closure;
import groovy.lang.Script;

/**
 * The base class of lib/ files: the DSL that defines commands.
 * <pre>
 * command('http', 'HTTP requests from a node') {
 *     verb('get', 'GET a URL from a node') {
 *         arg 'url', 'the URL'
 *         option 'from', 'the node', completes: 'node'
 *         run { a, ctx -> [status: 200] }
 *     }
 * }
 * </pre>
 * A command without verbs puts arg/option/flag/run directly in its block.
 */
public abstract class LibScript extends Script {
    static final String DEFINITIONS = "netshellLibDefinitions";

    private LibDefinitions defs() {
        return (LibDefinitions) getBinding().getVariable(DEFINITIONS);
    }

    public void command(String name, String summary, Closure<?> body) {
        defs().command(name, summary, body);
    }

    public void command(Map<String, ?> options, String name, String summary, Closure<?> body) {
        defs().command(name, summary, body);
    }
}
