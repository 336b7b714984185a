package netshell.node;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.jcraft.jsch.ConfigRepository;
import com.jcraft.jsch.OpenSSHConfig;

import netshell.core.BadInput;

/**
 * Reads an ssh_config inventory. JSch's OpenSSHConfig does the parsing and the ssh matching rules
 * (first value wins, wildcard Host blocks apply to matching hosts); we only list the nodes, which it
 * does not expose: every Host pattern without wildcards. The underlay interface, which ssh has no
 * keyword for, is a comment inside the Host block: `# netshell_underlay eth1`. Include is handled by SshConfigFile
 * first; ProxyJump hops are resolved through the same config, as ssh does. A file with Match blocks is resolved by
 * OpenSSH itself (`ssh -G`, see OpenSshSettings) where ssh is installed, and hosts named in `Match host` are nodes
 * too; without ssh the blocks are skipped with one warning.
 */
final class SshConfigInventory {
    private SshConfigInventory() {}

    static Inventory parse(Path file, List<String> text) { return parse(file, text, OpenSshSettings.available()); }

    /**
     * With `openSsh` (OpenSSH's ssh installed), a file with Match blocks is resolved host by host with `ssh -G`;
     * otherwise, and for files without Match (where ssh would say the same), by JSch's reader.
     */
    static Inventory parse(Path file, List<String> text, boolean openSsh) {
        SshConfigFile read = SshConfigFile.read(file, text, openSsh);
        List<String> lines = read.text();
        Set<String> names = new LinkedHashSet<>();
        Map<String, String> underlays = new HashMap<>();
        List<String> blockNames = List.of();
        for (SshConfigFile.Line l : read.lines) {
            String line = l.text().strip();
            String where = l.where();
            if (line.isEmpty()) continue;
            if (line.startsWith("#")) {
                String[] words = line.substring(1).strip().split("\\s+");
                if (words.length == 2 && words[0].equals("netshell_underlay"))
                    blockNames.forEach(n -> underlays.put(n, words[1]));
                continue;
            }
            String[] kv = line.split("[\\s=]+", 2);
            String keyword = kv[0].toLowerCase();
            String value = kv.length > 1 ? kv[1].strip() : "";
            if (value.isEmpty()) throw bad(where, "'" + kv[0] + "' needs a value");
            switch (keyword) {
                case "port" -> {
                    if (!value.matches("\\d{1,5}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > 65535) {
                        throw bad(where, "bad port '" + value + "'");
                    }
                }
                case "host" -> {
                    blockNames = new ArrayList<>();
                    for (String pattern : value.split("\\s+")) {
                        if (!pattern.matches(".*[*?!].*")) {
                            names.add(pattern);
                            blockNames.add(pattern);
                        }
                    }
                }
                case "match" -> {
                    blockNames = matchHosts(value);
                    names.addAll(blockNames);
                }
                default -> {}
            }
        }
        if (openSsh && read.hasMatch) {
            try (OpenSshSettings ssh = new OpenSshSettings(read)) {
                ssh.prefetch(names);
                List<NodeSpec> nodes = new ArrayList<>();
                for (String name : names) nodes.add(spec(name, ssh, underlays.get(name), 0));
                return new Inventory(nodes, Map.of(), read.warnings);
            }
        }
        OpenSSHConfig config;
        try {
            config = OpenSSHConfig.parse(String.join("\n", lines));
        } catch (IOException | RuntimeException e) {
            throw new BadInput(file + ": cannot parse ssh_config: " + e.getMessage());
        }
        List<NodeSpec> nodes = new ArrayList<>();
        for (String name : names) nodes.add(spec(name, config, underlays.get(name), 0));
        return new Inventory(nodes, Map.of(), read.warnings);
    }

    /** A host's settings; its ProxyJump hops are specs of their own, read from the same config. */
    private static NodeSpec spec(String name, ConfigRepository config, String underlay, int depth) {
        if (depth > 8) throw new BadInput("ProxyJump for " + name + " loops (more than 8 hops)");
        ConfigRepository.Config c = config.getConfig(name);
        String host = c.getHostname() == null ? name : unquote(c.getHostname()).replace("%h", name);
        String[] identities = c.getValues("IdentityFile");
        List<String> identityFiles = identities == null
                ? List.of()
                : Arrays.stream(identities).map(SshConfigInventory::unquote).toList();
        String knownHosts = c.getValue("UserKnownHostsFile");
        if (knownHosts != null) knownHosts = unquote(knownHosts.strip().split("\\s+")[0]);
        String proxy = c.getValue("ProxyCommand");
        if (proxy != null && proxy.strip().equalsIgnoreCase("none")) proxy = null;
        String strict = c.getValue("StrictHostKeyChecking");
        String hash = c.getValue("HashKnownHosts");
        // OpenSSHConfig reports ConnectTimeout in milliseconds (it is given in seconds).
        String timeout = c.getValue("ConnectTimeout");
        int connectTimeout = timeout != null && timeout.strip().matches("\\d{1,9}")
                ? Math.max(1, Integer.parseInt(timeout.strip()) / 1000)
                : 0;
        String jump = c.getValue("ProxyJump");
        List<NodeSpec> jumps = NodeSpec.jumps(jump == null ? null : unquote(jump),
                hop -> spec(hop, config, null, depth + 1));
        // ProxyCommand and ProxyJump: the first one given wins in OpenSSH; we prefer the jump, the safer of the two.
        if (!jumps.isEmpty()) proxy = null;
        return new NodeSpec(name, host, c.getPort(), c.getUser() == null ? null : unquote(c.getUser()), identityFiles,
                knownHosts, strict, proxy, underlay, jumps, hash != null && hash.strip().equalsIgnoreCase("yes"),
                connectTimeout);
    }

    /** The host names a `Match host a,b` (or originalhost) line names outright: no wildcards, no negation. */
    static List<String> matchHosts(String criteria) {
        List<String> out = new ArrayList<>();
        String[] words = criteria.strip().split("\\s+");
        for (int i = 0; i + 1 < words.length; i++) {
            String w = words[i].toLowerCase();
            if (!w.equals("host") && !w.equals("originalhost")) continue;
            for (String pattern : unquote(words[++i]).split(","))
                if (!pattern.isEmpty() && !pattern.matches(".*[*?!].*")) out.add(pattern);
        }
        return out;
    }

    /** A host's settings as `ssh -G` gives them; its ProxyJump hops are asked the same way. */
    private static NodeSpec spec(String name, OpenSshSettings ssh, String underlay, int depth) {
        if (depth > 8) throw new BadInput("ProxyJump for " + name + " loops (more than 8 hops)");
        Map<String, List<String>> c = ssh.of(name);
        List<String> identities = c.getOrDefault("identityfile", List.of());
        List<String> knownHosts = List.of(one(c, "userknownhostsfile", "").split("\\s+"));
        String home = System.getProperty("user.home");
        // ssh -G expands ~; it is written back as the config wrote it.
        String known = knownHosts.get(0).isEmpty() || knownHosts.get(0).equals(home + "/.ssh/known_hosts")
                ? null
                : knownHosts.get(0).startsWith(home + "/")
                        ? "~" + knownHosts.get(0).substring(home.length())
                        : knownHosts.get(0);
        String strict = switch (one(c, "stricthostkeychecking", "ask")) {
            case "true" -> "yes";
            case "false" -> "no";
            case "ask" -> null;
            default -> one(c, "stricthostkeychecking", "ask");
        };
        String proxy = one(c, "proxycommand", null);
        if (proxy != null && proxy.equalsIgnoreCase("none")) proxy = null;
        String timeout = one(c, "connecttimeout", "none");
        List<NodeSpec> jumps = NodeSpec.jumps(one(c, "proxyjump", null), hop -> spec(hop, ssh, null, depth + 1));
        if (!jumps.isEmpty()) proxy = null;
        return new NodeSpec(name, one(c, "hostname", name), Integer.parseInt(one(c, "port", "22")),
                one(c, "user", null), identities.equals(DEFAULT_IDENTITIES) ? List.of() : identities, known, strict,
                proxy, underlay, jumps, one(c, "hashknownhosts", "no").equals("yes"),
                timeout.matches("\\d{1,9}") ? Integer.parseInt(timeout) : 0);
    }

    /** The key files ssh -G lists when none is configured (netshell then tries its own defaults). */
    private static final List<String> DEFAULT_IDENTITIES = List.of("~/.ssh/id_rsa", "~/.ssh/id_ecdsa",
            "~/.ssh/id_ecdsa_sk", "~/.ssh/id_ed25519", "~/.ssh/id_ed25519_sk", "~/.ssh/id_xmss", "~/.ssh/id_dsa");

    private static String one(Map<String, List<String>> c, String key, String otherwise) {
        List<String> v = c.get(key);
        return v == null || v.isEmpty() ? otherwise : v.get(0);
    }

    /** `vagrant ssh-config` double-quotes paths; ssh removes the quotes, OpenSSHConfig keeps them. */
    static String unquote(String value) {
        String v = value.strip();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static BadInput bad(String where, String message) {
        return new BadInput(where + ": " + message);
    }
}
