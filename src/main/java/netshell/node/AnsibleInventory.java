package netshell.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import netshell.core.BadInput;

/**
 * An Ansible inventory as Ansible reads it: an INI or YAML file (told apart by content), a dynamic inventory (an
 * executable run with --list), or a directory of them; group_vars/ and host_vars/ beside it. Each host becomes a
 * node from its merged variables (`ansible_host`, `ansible_port`, `ansible_user`, `ansible_ssh_private_key_file`,
 * `ansible_ssh_common_args`/`ansible_ssh_extra_args` with `-o Key=Value` or `-J hops`, `netshell_underlay`);
 * groups become node sets. Variables we do not use are ignored, as Ansible inventories carry many of them.
 */
final class AnsibleInventory {
    /** Files an inventory directory leaves out, as Ansible does (INVENTORY_IGNORE_EXTS and its hidden files). */
    private static final Pattern IGNORED = Pattern.compile(
            "^\\..*|^host_vars$|^group_vars$|^vars_plugins$"
                    + "|.*(\\.pyc|\\.pyo|\\.swp|\\.bak|~|\\.rpm|\\.md|\\.txt|\\.rst|\\.orig|\\.ini|\\.cfg|\\.retry)$");
    /** A YAML mapping key alone on its line (`all:`), or a key with a value (`all: {hosts: …}`). */
    private static final Pattern YAML_KEY = Pattern.compile("^[^\\s=\\[#;'\"][^=]*:(\\s.*)?$");

    private final AnsibleData data;
    private final String source;
    private final Set<String> hosts;

    private AnsibleInventory(String source, AnsibleData data) {
        this.source = source;
        this.data = data;
        this.hosts = Set.copyOf(data.hosts());
    }

    /** Reads a file given with its lines already read (INI or YAML). */
    static Inventory parse(Path file, List<String> lines) {
        AnsibleData data = new AnsibleData();
        readText(file, lines, data);
        AnsibleVarsFiles.apply(base(file), data);
        return new AnsibleInventory(file.toString(), data).build();
    }

    /** Reads a dynamic inventory or a directory. */
    static Inventory load(Path source) {
        return new AnsibleInventory(source.toString(), read(source)).build();
    }

    /** The nodes and groups of an inventory already read; `source` names it in errors. */
    static Inventory of(String source, AnsibleData data) {
        return new AnsibleInventory(source, data).build();
    }

    /** The inventory as Ansible holds it, before it becomes nodes. */
    static AnsibleData read(Path source) {
        AnsibleData data = new AnsibleData();
        add(source, data);
        AnsibleVarsFiles.apply(base(source), data);
        return data;
    }

    static boolean isDynamic(Path file) {
        if (!Files.isRegularFile(file) || !Files.isExecutable(file)) return false;
        try (var in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(2);
            return start.length == 2 && start[0] == '#' && start[1] == '!';
        } catch (IOException e) {
            return false;
        }
    }

    static boolean looksLikeYaml(List<String> lines) {
        for (String line : lines) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            return t.equals("---") || t.startsWith("{") || t.startsWith("- ") || YAML_KEY.matcher(t).matches();
        }
        return false;
    }

    private static Path base(Path source) {
        Path abs = source.toAbsolutePath();
        return Files.isDirectory(abs) ? abs : abs.getParent();
    }

    private static void add(Path source, AnsibleData data) {
        if (Files.isDirectory(source)) {
            try (Stream<Path> entries = Files.list(source)) {
                for (Path p : entries.sorted().toList())
                    if (!IGNORED.matcher(p.getFileName().toString()).matches()) add(p, data);
            } catch (IOException e) {
                throw new BadInput("cannot read inventory directory " + source + ": " + e.getMessage());
            }
        } else if (isDynamic(source)) {
            AnsibleJson.run(source, data);
        } else {
            try {
                readText(source, Files.readAllLines(source, StandardCharsets.UTF_8), data);
            } catch (IOException e) {
                throw new BadInput("cannot read inventory " + source + ": " + e.getMessage());
            }
        }
    }

    private static void readText(Path file, List<String> lines, AnsibleData data) {
        if (looksLikeYaml(lines)) AnsibleYaml.read(file.toString(), String.join("\n", lines), data);
        else
            AnsibleIni.read(file.toString(), lines, data);
    }

    private Inventory build() {
        Map<String, List<String>> groups = data.groupMembers();
        List<NodeSpec> nodes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (String host : data.hosts()) {
            Map<String, String> vars = data.varsOf(host);
            nodes.add(spec(host, vars, 0));
            String method = vars.get("ansible_become_method");
            if (method != null && !method.equals("sudo"))
                warnings.add(source + ": " + host + ": ansible_become_method " + method
                        + " is not supported; commands of a non-root login run through sudo -n");
        }
        return new Inventory(nodes, groups, warnings);
    }

    private NodeSpec spec(String host, Map<String, String> vars, int depth) {
        if (depth > 8) throw new BadInput(source + ": ProxyJump for " + host + " loops (more than 8 hops)");
        String key = first(vars, "ansible_ssh_private_key_file", "ansible_private_key_file");
        String port = first(vars, "ansible_port", "ansible_ssh_port");
        if (port != null && !HostPattern.isPort(port))
            throw new BadInput(source + ": " + host + ": bad port '" + port + "'");
        Map<String, String> options = sshOptions(host, vars);
        String proxyCommand = vars.getOrDefault("netshell_proxy_command", options.get("proxycommand"));
        List<NodeSpec> jumps = NodeSpec.jumps(options.get("proxyjump"), hop -> hosts.contains(hop)
                ? spec(hop, data.varsOf(hop), depth + 1)
                : new NodeSpec(hop, hop, 22, null, List.of(), null, null, null, null));
        String timeout = options.get("connecttimeout");
        List<String> keys = new ArrayList<>();
        if (key != null) keys.add(key);
        if (options.containsKey("identityfile")) keys.addAll(List.of(options.get("identityfile").split("\n")));
        return new NodeSpec(host, first(vars, "ansible_host", "ansible_ssh_host"),
                port == null ? 22 : Integer.parseInt(port.strip()),
                first(vars, "ansible_user", "ansible_ssh_user"), keys,
                vars.getOrDefault("netshell_known_hosts", options.get("userknownhostsfile")),
                vars.getOrDefault("netshell_strict_host_key_checking", options.get("stricthostkeychecking")),
                jumps.isEmpty() ? proxyCommand : null, vars.get("netshell_underlay"), jumps,
                "yes".equalsIgnoreCase(options.get("hashknownhosts")),
                timeout != null && timeout.matches("\\d{1,6}") ? Integer.parseInt(timeout) : 0);
    }

    /**
     * The ssh options in ansible_ssh_common_args and ansible_ssh_extra_args (-o Key=Value, -oKey=Value,
     * -o "Key Value", -J hops), keys in lower case; the first value of a key wins, as in ssh (IdentityFile: all,
     * one a line).
     */
    private Map<String, String> sshOptions(String host, Map<String, String> vars) {
        String common = vars.get("ansible_ssh_common_args");
        String extra = vars.get("ansible_ssh_extra_args");
        String args = ((common == null ? "" : common) + " " + (extra == null ? "" : extra)).strip();
        Map<String, String> out = new LinkedHashMap<>();
        if (args.isEmpty()) return out;
        List<String> words;
        try {
            words = ShellWords.split(args, false);
        } catch (IllegalArgumentException e) {
            throw new BadInput(source + ": " + host + ": ansible_ssh_common_args: " + e.getMessage());
        }
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            String option = null;
            if (w.equals("-o") && i + 1 < words.size()) option = words.get(++i);
            else if (w.startsWith("-o")) option = w.substring(2);
            else if (w.equals("-J") && i + 1 < words.size()) out.putIfAbsent("proxyjump", words.get(++i));
            else if (w.startsWith("-J")) out.putIfAbsent("proxyjump", w.substring(2));
            if (option == null) continue;
            String[] kv = option.strip().split("\\s*=\\s*|\\s+", 2);
            if (kv.length != 2) continue;
            // IdentityFile may be given more than once: each is tried, as ssh tries them.
            if (kv[0].equalsIgnoreCase("identityfile"))
                out.merge("identityfile", kv[1].strip(), (a, b) -> a + "\n" + b);
            else
                out.putIfAbsent(kv[0].toLowerCase(), kv[1].strip());
        }
        return out;
    }

    private static String first(Map<String, String> vars, String... keys) {
        for (String k : keys) if (vars.get(k) != null) return vars.get(k);
        return null;
    }
}
