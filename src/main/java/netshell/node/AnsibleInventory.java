package netshell.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netshell.core.BadInput;

/**
 * Reads an Ansible INI inventory: `name ansible_host=… ansible_port=… ansible_user=…
 * ansible_ssh_private_key_file=… netshell_underlay=eth1` lines; `[group]` sections become groups,
 * `[group:vars]` give defaults to the group's hosts (host variables win), `[group:children]` nest groups.
 * Variables we do not use are ignored, as Ansible inventories carry many of them.
 */
final class AnsibleInventory {
    private final Path file;
    private final Map<String, Map<String, String>> hostVars = new LinkedHashMap<>();
    private final Map<String, Set<String>> groupHosts = new LinkedHashMap<>();
    private final Map<String, Set<String>> children = new LinkedHashMap<>();
    private final Map<String, Integer> childLines = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> groupVars = new LinkedHashMap<>();

    private AnsibleInventory(Path file) { this.file = file; }

    static Inventory parse(Path file, List<String> lines) {
        AnsibleInventory inventory = new AnsibleInventory(file);
        inventory.read(lines);
        return inventory.build();
    }

    private void read(List<String> lines) {
        String group = null;
        String kind = "hosts";
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) throw bad(number, "unclosed section header " + line);
                String[] parts = line.substring(1, line.length() - 1).strip().split(":", -1);
                group = parts[0];
                if (!group.matches("[A-Za-z0-9_.-]+")) throw bad(number, "bad group name '" + group + "'");
                kind = parts.length == 1 ? "hosts" : parts[1];
                if (parts.length > 2 || !Set.of("hosts", "vars", "children").contains(kind)) {
                    throw bad(number, "unknown section [" + String.join(":", parts)
                            + "] (expected [group], [group:vars] or [group:children])");
                }
                if (kind.equals("hosts") && !group.equals("all") && !group.equals("ungrouped"))
                    groupHosts.computeIfAbsent(group, g -> new LinkedHashSet<>());
                continue;
            }
            List<String> words = words(line, number);
            switch (kind) {
                case "vars" -> {
                    for (String word : words)
                        put(groupVars.computeIfAbsent(group, g -> new LinkedHashMap<>()), word, number);
                }
                case "children" -> {
                    if (words.size() != 1) throw bad(number, "a [" + group + ":children] line names one group");
                    children.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(words.get(0));
                    childLines.putIfAbsent(words.get(0), number);
                }
                default -> {
                    String host = words.get(0);
                    if (host.contains("=")) throw bad(number, "expected a host name before '" + host + "'");
                    if (host.matches(".*\\[.*:.*\\].*"))
                        throw bad(number, "host ranges like '" + host + "' are not supported; list each host");
                    Map<String, String> vars = hostVars.computeIfAbsent(host, h -> new LinkedHashMap<>());
                    for (String word : words.subList(1, words.size())) put(vars, word, number);
                    if (group != null && !group.equals("all") && !group.equals("ungrouped"))
                        groupHosts.get(group).add(host);
                }
            }
        }
    }

    private void put(Map<String, String> vars, String word, int number) {
        int eq = word.indexOf('=');
        if (eq <= 0) throw bad(number, "expected key=value, got '" + word + "'");
        String key = word.substring(0, eq);
        String value = word.substring(eq + 1);
        if (key.equals("ansible_port") || key.equals("ansible_ssh_port")) {
            if (!value.matches("\\d{1,5}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > 65535) {
                throw bad(number, "bad port '" + value + "'");
            }
        }
        vars.put(key, value);
    }

    private Inventory build() {
        for (Map.Entry<String, Integer> child : childLines.entrySet()) {
            if (!groupHosts.containsKey(child.getKey()) && !children.containsKey(child.getKey())) {
                throw bad(child.getValue(), "unknown child group '" + child.getKey() + "'");
            }
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        Set<String> allGroups = new LinkedHashSet<>(groupHosts.keySet());
        allGroups.addAll(children.keySet());
        for (String group : allGroups)
            groups.put(group, members(group, new LinkedHashSet<>()).stream()
                    .sorted((a, b) -> order(a) - order(b)).toList());
        List<NodeSpec> nodes = new ArrayList<>();
        for (String host : hostVars.keySet()) nodes.add(spec(host, groups, 0));
        return new Inventory(nodes, groups);
    }

    private int order(String host) { return new ArrayList<>(hostVars.keySet()).indexOf(host); }

    private Set<String> members(String group, Set<String> visiting) {
        if (!visiting.add(group))
            throw new BadInput(file + ": group '" + group + "' contains itself through [" + group + ":children]");
        Set<String> out = new LinkedHashSet<>(groupHosts.getOrDefault(group, Set.of()));
        for (String child : children.getOrDefault(group, Set.of())) out.addAll(members(child, visiting));
        visiting.remove(group);
        return out;
    }

    private NodeSpec spec(String host, Map<String, List<String>> groups, int depth) {
        if (depth > 8) throw new BadInput(file + ": ProxyJump for " + host + " loops (more than 8 hops)");
        Map<String, String> vars = new LinkedHashMap<>(groupVars.getOrDefault("all", Map.of()));
        groups.forEach((group, members) -> {
            if (members.contains(host)) vars.putAll(groupVars.getOrDefault(group, Map.of()));
        });
        vars.putAll(hostVars.get(host));
        String key = first(vars, "ansible_ssh_private_key_file", "ansible_private_key_file");
        String port = first(vars, "ansible_port", "ansible_ssh_port");
        Map<String, String> options = sshOptions(host, vars);
        String proxyCommand = vars.getOrDefault("netshell_proxy_command", options.get("proxycommand"));
        List<NodeSpec> jumps = NodeSpec.jumps(options.get("proxyjump"), hop -> hostVars.containsKey(hop)
                ? spec(hop, groups, depth + 1)
                : new NodeSpec(hop, hop, 22, null, List.of(), null, null, null, null));
        String timeout = options.get("connecttimeout");
        return new NodeSpec(host, first(vars, "ansible_host", "ansible_ssh_host"),
                port == null ? 22 : Integer.parseInt(port),
                first(vars, "ansible_user", "ansible_ssh_user"), key == null ? List.of() : List.of(key),
                vars.getOrDefault("netshell_known_hosts", options.get("userknownhostsfile")),
                vars.getOrDefault("netshell_strict_host_key_checking", options.get("stricthostkeychecking")),
                jumps.isEmpty() ? proxyCommand : null, vars.get("netshell_underlay"), jumps,
                "yes".equalsIgnoreCase(options.get("hashknownhosts")),
                timeout != null && timeout.matches("\\d{1,6}") ? Integer.parseInt(timeout) : 0);
    }

    /**
     * The ssh options in ansible_ssh_common_args and ansible_ssh_extra_args (-o Key=Value, -oKey=Value,
     * -o "Key Value", -J hops), keys in lower case; the first value of a key wins, as in ssh.
     */
    private Map<String, String> sshOptions(String host, Map<String, String> vars) {
        String args = (vars.getOrDefault("ansible_ssh_common_args", "") + " "
                + vars.getOrDefault("ansible_ssh_extra_args", "")).strip();
        Map<String, String> out = new LinkedHashMap<>();
        if (args.isEmpty()) return out;
        List<String> words = words(args, 0);
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            String option = null;
            if (w.equals("-o") && i + 1 < words.size()) option = words.get(++i);
            else if (w.startsWith("-o")) option = w.substring(2);
            else if (w.equals("-J") && i + 1 < words.size()) out.putIfAbsent("proxyjump", words.get(++i));
            else if (w.startsWith("-J")) out.putIfAbsent("proxyjump", w.substring(2));
            if (option == null) continue;
            String[] kv = option.strip().split("\\s*=\\s*|\\s+", 2);
            if (kv.length == 2) out.putIfAbsent(kv[0].toLowerCase(), kv[1].strip());
        }
        return out;
    }

    private static String first(Map<String, String> vars, String... keys) {
        for (String k : keys) if (vars.get(k) != null) return vars.get(k);
        return null;
    }

    /** Splits a line into words like a shell would for quotes ('…' and "…"); `#` starts a comment. */
    private List<String> words(String line, int number) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else
                    word.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) out.add(word.toString());
                word.setLength(0);
                inWord = false;
            } else if (c == '#' && !inWord) {
                break;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) throw bad(number, "unclosed quote");
        if (inWord) out.add(word.toString());
        return out;
    }

    private BadInput bad(int line, String message) {
        return new BadInput(file + ":" + line + ": " + message);
    }
}
