package netshell.command;

import java.util.List;

import netshell.core.BadInput;

/**
 * Runs a registered command by its words for a feature that shows another's results (the web view shows
 * {@code topology}), so features reach each other through the registry and never through imports. It runs in
 * the background: it prints nothing, explains nothing and is no lesson of its own.
 */
public final class CommandCall {
    private CommandCall() {}

    public static Object run(Session session, List<String> words) throws Exception {
        if (words.isEmpty() || !session.registry().has(words.get(0)))
            throw new BadInput("no command " + (words.isEmpty() ? "given" : "'" + words.get(0) + "'"));
        Registry.Resolved resolved = session.registry().resolve(words);
        Verb verb = resolved.verb();
        Args args = ArgParser.parse(verb, words.subList(resolved.consumed(), words.size()));
        return verb.handler().run(args, Context.background(session, words));
    }
}
