package netshell.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import netshell.core.BadInput;
import netshell.core.NodeSet;
import netshell.core.Printable;

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
        if (Files.isDirectory(file) || AnsibleInventory.isDynamic(file))
            return nonEmpty(file,
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
        for (NodeSpec node : inventory.nodes()) checkNames(file, node, node.name());
        String unchecked = uncheckedHostKeys(file, inventory.nodes());
        if (unchecked == null) return inventory;
        List<String> warnings = new ArrayList<>(inventory.warnings());
        warnings.add(unchecked);
        return new Inventory(inventory.nodes(), inventory.groups(), warnings);
    }

    /**
     * The warning for nodes whose host keys nothing checks: known_hosts /dev/null with StrictHostKeyChecking no or
     * accept-new (what vagrant ssh-config writes) accepts whatever key a host, or a man in the middle, offers.
     */
    static String uncheckedHostKeys(Path file, List<NodeSpec> nodes) {
        List<String> off = new ArrayList<>();
        for (NodeSpec n : nodes) {
            String strict = n.strictHostKeyChecking() == null ? "ask" : n.strictHostKeyChecking().toLowerCase();
            boolean accepts = strict.equals("no") || strict.equals("off") || strict.equals("accept-new");
            if ("/dev/null".equals(n.knownHostsFile()) && accepts) off.add(n.name());
        }
        if (off.isEmpty()) return null;
        return file.getFileName() + ": host-key checking is off for " + NodeSet.list(off)
                + " (UserKnownHostsFile /dev/null with StrictHostKeyChecking no): any key is accepted, so a man in the"
                + " middle would go unnoticed; point UserKnownHostsFile at a real file to check them";
    }

    /** Refuses a node, host or user name (of the node or of a jump on its way) that a shell would interpret. */
    private static void checkNames(Path file, NodeSpec spec, String node) {
        String[][] named = {{"node name", spec.name()}, {"host name", spec.host()}, {"user name", spec.user()}};
        for (String[] n : named) {
            String problem = SshNames.problem(n[1]);
            if (problem != null) {
                throw new BadInput(file + ": node " + Printable.escape(node) + ": " + n[0] + " '"
                        + Printable.escape(n[1]) + "' " + problem + "; refused");
            }
        }
        for (NodeSpec jump : spec.jumps()) checkNames(file, jump, node);
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
