package netshell.script;

import java.nio.file.Path;
import java.util.List;

import netshell.command.Args;
import netshell.command.CommandFailed;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.Param;
import netshell.command.Verb;
import netshell.core.BadInput;
import netshell.shell.Invoker;
import netshell.shell.Style;

/** {@code script FILE.groovy [ARGS…]}: runs a script inside the shell; its narration arrives as live rows. */
final class ScriptCommand {
    private ScriptCommand() {}

    static CommandSpec spec(Style style, Invoker invoker) {
        return CommandSpec.of("script", "run a Groovy script (scripts/*.groovy) on the current target",
                Verb.of("", "run FILE with ARGS; its steps and narration print as they happen",
                        (a, ctx) -> run(a, ctx, style, invoker),
                        Param.positional("file", "the script, e.g. scripts/cidr-explained.groovy").completes("file"),
                        Param.rest("args", "arguments for the script (--nodes a,b, --cleanup, …)")));
    }

    private static Object run(Args a, Context ctx, Style style, Invoker invoker) {
        Path file = Path.of(a.get("file"));
        List<String> args = a.all("args");
        ScriptHost host = new ScriptHost(ctx.session(), invoker, ctx::emit, style, args);
        try {
            ScriptRunner.execute(file, host);
            return null;
        } catch (StepFailed e) {
            if (e.exitCode() == 2) throw new BadInput(file.getFileName() + ": " + e.getMessage());
            throw new CommandFailed(file.getFileName() + ": " + e.getMessage(), e);
        }
    }
}
