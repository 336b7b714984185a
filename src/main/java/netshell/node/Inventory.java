package netshell.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import netshell.core.BadInput;

/**
 * The nodes to connect to and their groups, read from an ssh_config file (what `vagrant ssh-config`
 * writes) or an Ansible inventory (INI, YAML, a dynamic inventory script or a directory of them); a file's
 * format is recognised from its content.
 */
public record Inventory(List<NodeSpec> nodes, Map<String, List<String>> groups, List<String> warnings) {
    private static final Set<String> SSH_KEYWORDS = Set.of("host", "match", "hostname", "user", "port", "identityfile",
            "proxycommand", "proxyjump", "include", "userknownhostsfile", "stricthostkeychecking", "identitiesonly",
            "loglevel", "passwordauthentication", "serveraliveinterval", "forwardagent", "hostkeyalias",
            "hashknownhosts", "connecttimeout");

    public Inventory {
        nodes = List.copyOf(nodes);
        groups = Map.copyOf(groups);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public Inventory(List<NodeSpec> nodes, Map<String, List<String>> groups) { this(nodes, groups, List.of()); }

    public static Inventory load(Path file) { return load(file, OpenSshSettings.available()); }

    /** As load(file); with `openSsh` false, ssh_config files are read without OpenSSH's ssh -G. */
    static Inventory load(Path file, boolean openSsh) {
        if (Files.isDirectory(file) || AnsibleInventory.isDynamic(file)) return nonEmpty(file,
                AnsibleInventory.load(file));
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInput("no inventory file " + file + " (for Vagrant VMs: vagrant ssh-config > "
                    + file.getFileName() + ")");
        } catch (IOException e) {
            throw new BadInput("cannot read inventory " + file + ": " + e.getMessage());
        }
        return nonEmpty(file, looksLikeSshConfig(lines)
                ? SshConfigInventory.parse(file, lines, openSsh)
                : AnsibleInventory.parse(file, lines));
    }

    private static Inventory nonEmpty(Path file, Inventory inventory) {
        if (inventory.nodes().isEmpty()) throw new BadInput(file + ": no nodes in inventory");
        return inventory;
    }

    public Optional<NodeSpec> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    static boolean looksLikeSshConfig(List<String> lines) {
        for (String line : lines) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) continue;
            if (t.startsWith("[") || t.contains("ansible_")) return false;
            String keyword = t.split("[\\s=]", 2)[0].toLowerCase();
            return SSH_KEYWORDS.contains(keyword);
        }
        return false;
    }
}
