package netshell.command;

import java.util.function.BiConsumer;

import netshell.core.BadInput;

/** Session switches: {@code explain on|off}, {@code dry-run on|off}. */
public final class SessionCommands {
    private SessionCommands() {}

    public static CommandSpec explain() {
        return toggle("explain", "show the Linux commands every command runs (on|off for the session)",
                Session::explainAll);
    }

    public static CommandSpec dryRun() {
        return toggle("dry-run", "run nothing, print what would run (on|off for the session)", Session::dryRunAll);
    }

    public static CommandSpec tailTip() {
        return toggle("tailtip",
                "describe the argument being typed below the prompt; off: suggest from history (on|off)",
                Session::tailTips);
    }

    /** A session switch: {@code NAME on|off}. */
    private static CommandSpec toggle(String name, String summary,
            BiConsumer<Session, Boolean> set) {
        return CommandSpec.of(name, summary, Verb.of("", "turn " + name + " on or off", (a, c) -> {
            set.accept(c.session(), onOff(a.get("state")));
            return new Text(name + " " + a.get("state"));
        }, Param.positional("state", "on or off").choices("on", "off")).local());
    }

    private static boolean onOff(String s) {
        return switch (s) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new BadInput("say on or off, not '" + s + "'");
        };
    }
}
