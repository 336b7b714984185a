package netshell.remote;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import netshell.command.Args;
import netshell.command.CommandFailed;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.Param;
import netshell.command.Target;
import netshell.command.Verb;
import netshell.node.Fleet;
import netshell.node.Inventory;
import netshell.node.LocalNode;
import netshell.node.SshNode;

/** {@code inventory load|vagrant|show}: change the target to the nodes of an inventory, or list them. */
public final class InventoryCommands {
    private InventoryCommands() {}

    public static CommandSpec inventory() {
        return CommandSpec.of("inventory",
                "load the nodes to work on: an ssh_config, an Ansible inventory, or vagrant ssh-config",
                Verb.of("load", "connect to the nodes of an inventory file",
                        (a, c) -> load(c, Path.of(a.get("file"))),
                        Param.positional("file",
                                "ssh_config (vagrant ssh-config > nodes.ssh), Ansible inventory (INI, YAML,"
                                        + " dynamic script or directory) or ClusterShell groups file")
                                .completes("file")),
                Verb.of("vagrant", "run 'vagrant ssh-config' here and load its nodes", InventoryCommands::vagrant),
                Verb.of("show", "the nodes of the current target", NodeCommands::list));
    }

    static Object load(Context c, Path file) {
        Inventory inv = Inventory.load(file);
        inv.warnings().forEach(c.session()::noticeOnce);
        SshNode.Options options = SshNode.Options.defaults().withPrompter(c.session().prompter());
        c.session().target(Target.inventory(Fleet.of(inv, options)));
        return inv.nodes().stream().map(n -> new LinkedHashMap<String, Object>(Map.of(
                "name", n.name(), "host", n.host(), "port", n.port(), "user", n.userOrDefault()))).toList();
    }

    static Object vagrant(Args a, Context c) throws Exception {
        var r = new LocalNode("local").run("vagrant", "ssh-config");
        if (!r.ok()) throw new CommandFailed("vagrant ssh-config: " + r.firstErrorLine());
        Path file = Path.of("nodes.ssh");
        Files.writeString(file, r.stdout());
        return load(c, file);
    }
}
