package netshell.command;

import java.nio.file.Path;

import netshell.core.BadInput;
import netshell.node.Fleet;
import netshell.node.Inventory;
import netshell.node.LocalNode;
import netshell.node.SshNode;
import netshell.remote.NodeCommands;

/** Session switches: {@code explain on|off}, {@code dry-run on|off}, and {@code inventory} to change the target. */
public final class SessionCommands {
    private SessionCommands() {}

    public static CommandSpec explain() {
        return toggle("explain", "show the Linux commands every command runs (on|off for the session)", Session::explainAll);
    }

    public static CommandSpec dryRun() {
        return toggle("dry-run", "run nothing, print what would run (on|off for the session)", Session::dryRunAll);
    }

    public static CommandSpec tailTip() {
        return toggle("tailtip", "describe the argument being typed below the prompt; off: suggest from history (on|off)",
                Session::tailTips);
    }

    /** A session switch: {@code NAME on|off}. */
    private static CommandSpec toggle(String name, String summary, java.util.function.BiConsumer<Session, Boolean> set) {
        return CommandSpec.of(name, summary, Verb.of("", "turn " + name + " on or off", (a, c) -> {
            set.accept(c.session(), onOff(a.get("state")));
            return new Text(name + " " + a.get("state"));
        }, Param.positional("state", "on or off").choices("on", "off")));
    }

    private static boolean onOff(String s) {
        return switch (s) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new BadInput("say on or off, not '" + s + "'");
        };
    }

    public static CommandSpec inventory() {
        return CommandSpec.of("inventory", "load the nodes to work on: an ssh_config, an Ansible INI, or vagrant ssh-config",
                Verb.of("load", "connect to the nodes of an inventory file", (a, c) -> load(c, Path.of(a.get("file")), "ssh"),
                        Param.positional("file", "ssh_config (vagrant ssh-config > nodes.ssh) or Ansible INI").completes("file")),
                Verb.of("vagrant", "run 'vagrant ssh-config' here and load its nodes", SessionCommands::vagrant),
                Verb.of("show", "the nodes of the current target", (a, c) -> NodeCommands.list(a, c)));
    }

    static Object load(Context c, Path file, String kind) {
        Inventory inv = Inventory.load(file);
        SshNode.Options options = SshNode.Options.defaults().withPrompter(c.session().prompter());
        c.session().target(new Target(kind, Fleet.of(inv, options), null, null));
        return inv.nodes().stream().map(n -> new java.util.LinkedHashMap<String, Object>(java.util.Map.of(
                "name", n.name(), "host", n.host(), "port", n.port(), "user", n.userOrDefault()))).toList();
    }

    static Object vagrant(Args a, Context c) throws Exception {
        var r = new LocalNode("local").run("vagrant", "ssh-config");
        if (!r.ok()) throw new CommandFailed("vagrant ssh-config: " + r.firstErrorLine());
        Path file = Path.of("nodes.ssh");
        java.nio.file.Files.writeString(file, r.stdout());
        return load(c, file, "ssh");
    }
}
