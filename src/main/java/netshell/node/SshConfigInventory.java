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
 * keyword for, is a comment inside the Host block: `# netshell_underlay eth1`.
 */
final class SshConfigInventory {
    private SshConfigInventory() {}

    static Inventory parse(Path file, List<String> lines) {
        Set<String> names = new LinkedHashSet<>();
        Map<String, String> underlays = new HashMap<>();
        List<String> blockNames = List.of();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int number = i + 1;
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
            if (value.isEmpty()) throw bad(file, number, "'" + kv[0] + "' needs a value");
            switch (keyword) {
                case "match" -> throw bad(file, number, "Match blocks are not supported; use Host patterns");
                case "include" -> throw bad(file, number, "Include is not supported; put the hosts in one file");
                case "port" -> {
                    if (!value.matches("\\d{1,5}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > 65535) {
                        throw bad(file, number, "bad port '" + value + "'");
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
        for (String name : names) nodes.add(spec(name, config.getConfig(name), underlays.get(name)));
        return new Inventory(nodes, Map.of());
    }

    private static NodeSpec spec(String name, ConfigRepository.Config c, String underlay) {
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
        return new NodeSpec(name, host, c.getPort(), c.getUser() == null ? null : unquote(c.getUser()), identityFiles,
                knownHosts, strict, proxy, underlay);
    }

    /** `vagrant ssh-config` double-quotes paths; ssh removes the quotes, OpenSSHConfig keeps them. */
    static String unquote(String value) {
        String v = value.strip();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static BadInput bad(Path file, int line, String message) {
        return new BadInput(file + ":" + line + ": " + message);
    }
}
