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
 * keyword for, is a comment inside the Host block: `# netshell_underlay eth1`. Include and Match are handled
 * by SshConfigFile first; ProxyJump hops are resolved through the same config, as ssh does.
 */
final class SshConfigInventory {
    private SshConfigInventory() {}

    static Inventory parse(Path file, List<String> text) {
        SshConfigFile read = SshConfigFile.read(file, text);
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
                default -> {}
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

    /** `vagrant ssh-config` double-quotes paths; ssh removes the quotes, OpenSSHConfig keeps them. */
    static String unquote(String value) {
        String v = value.strip();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static BadInput bad(String where, String message) {
        return new BadInput(where + ": " + message);
    }
}
