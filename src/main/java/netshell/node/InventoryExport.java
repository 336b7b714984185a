package netshell.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import netshell.core.BadInput;
import netshell.core.IpFamily;
import netshell.core.NodeSet;

/**
 * Nodes written for the tools people already use, each read back by netshell into the same nodes: an Ansible YAML
 * inventory (`ansible-inventory -i FILE`), an ssh_config (`ssh -F FILE NAME`), a ClusterShell groups file
 * (`nodeset -L`, `clush -g GROUP`). Pure: text out.
 */
public final class InventoryExport {
    public static final List<String> FORMATS = List.of("ansible", "ssh-config", "clush");
    /** The ClusterShell group source the clush file defines. */
    static final String CLUSH_SOURCE = "netshell";

    private InventoryExport() {}

    public static String write(String format, Inventory inventory, String what) {
        return switch (format) {
            case "ansible" -> ansible(inventory, what);
            case "ssh-config" -> sshConfig(inventory, what);
            case "clush" -> clush(inventory, what);
            default -> throw new BadInput("unknown export format '" + format + "' (expected "
                    + String.join(", ", FORMATS) + ")");
        };
    }

    static String ansible(Inventory inventory, String what) {
        Map<String, Object> hosts = new LinkedHashMap<>();
        for (NodeSpec n : inventory.nodes()) {
            Map<String, Object> vars = new LinkedHashMap<>();
            vars.put("ansible_host", n.host());
            vars.put("ansible_port", n.port());
            if (n.user() != null) vars.put("ansible_user", n.user());
            if (!n.identityFiles().isEmpty()) vars.put("ansible_ssh_private_key_file", n.identityFiles().get(0));
            List<String> args = new ArrayList<>();
            for (String more : n.identityFiles().subList(Math.min(1, n.identityFiles().size()),
                    n.identityFiles().size())) {
                args.add("-o");
                args.add(ShellQuote.quote("IdentityFile=" + more));
            }
            sshOptions(n, inventory).forEach((k, v) -> {
                args.add("-o");
                args.add(ShellQuote.quote(k + "=" + v));
            });
            if (!args.isEmpty()) vars.put("ansible_ssh_common_args", String.join(" ", args));
            if (n.underlay() != null) vars.put("netshell_underlay", n.underlay());
            hosts.put(n.name(), vars);
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("hosts", hosts);
        Map<String, Object> children = new LinkedHashMap<>();
        inventory.groups().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(g -> {
            Map<String, Object> members = new LinkedHashMap<>();
            g.getValue().forEach(h -> members.put(h, null));
            children.put(g.getKey(), Map.of("hosts", members));
        });
        if (!children.isEmpty()) all.put("children", children);
        return header(what, "an Ansible inventory: ansible-inventory -i FILE --list; ansible -i FILE all -m ping")
                + yaml(Map.of("all", all));
    }

    static String sshConfig(Inventory inventory, String what) {
        StringBuilder out = new StringBuilder(header(what, "an ssh_config: ssh -F FILE NAME"));
        for (NodeSpec n : inventory.nodes()) {
            out.append("\nHost ").append(n.name()).append('\n');
            line(out, "HostName", n.host());
            line(out, "Port", String.valueOf(n.port()));
            if (n.user() != null) line(out, "User", n.user());
            for (String key : n.identityFiles()) line(out, "IdentityFile", key);
            sshOptions(n, inventory).forEach((k, v) -> line(out, k, v));
            if (n.underlay() != null) out.append("  # netshell_underlay ").append(n.underlay()).append('\n');
        }
        return out.toString();
    }

    static String clush(Inventory inventory, String what) {
        Map<String, Object> groups = new LinkedHashMap<>();
        groups.put("all", NodeSet.fold(inventory.nodes().stream().map(NodeSpec::name).toList()));
        inventory.groups().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(g -> groups.put(g.getKey(), NodeSet.fold(g.getValue())));
        return header(what, "a ClusterShell groups file: save as ~/.local/etc/clustershell/groups.d/"
                + CLUSH_SOURCE + ".yaml; nodeset -s " + CLUSH_SOURCE + " -LL; clush reaches the nodes through ssh,"
                + " so give it the ssh-config export too (ssh_options: -F FILE in clush.conf)")
                + yaml(Map.of(CLUSH_SOURCE, groups));
    }

    /** The ssh options beyond host, port, user and keys, as ssh_config keywords, in the order ssh_config has them. */
    private static Map<String, String> sshOptions(NodeSpec n, Inventory inventory) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n.knownHostsFile() != null) out.put("UserKnownHostsFile", n.knownHostsFile());
        if (n.strictHostKeyChecking() != null) out.put("StrictHostKeyChecking", n.strictHostKeyChecking());
        if (n.hashKnownHosts()) out.put("HashKnownHosts", "yes");
        if (n.connectTimeoutSeconds() > 0) out.put("ConnectTimeout", String.valueOf(n.connectTimeoutSeconds()));
        if (!n.jumps().isEmpty()) {
            List<String> hops = new ArrayList<>();
            for (NodeSpec hop : n.jumps()) hops.add(hop(hop, inventory));
            out.put("ProxyJump", String.join(",", hops));
        } else if (n.proxyCommand() != null) {
            out.put("ProxyCommand", n.proxyCommand());
        }
        return out;
    }

    /**
     * A ProxyJump hop: the node's name when it is a node (user and port only where they differ), else user@host:port.
     */
    private static String hop(NodeSpec hop, Inventory inventory) {
        Optional<NodeSpec> node = inventory.node(hop.name());
        String user = node.map(NodeSpec::user).orElse(null);
        int port = node.map(NodeSpec::port).orElse(22);
        String host = node.isPresent() ? hop.name() : IpFamily.isV6(hop.host()) ? "[" + hop.host() + "]" : hop.host();
        return (hop.user() != null && !hop.user().equals(user) ? hop.user() + "@" : "") + host
                + (hop.port() != port ? ":" + hop.port() : "");
    }

    private static void line(StringBuilder out, String keyword, String value) {
        boolean quote = value.contains(" ") && !keyword.equals("ProxyCommand");
        out.append("  ").append(keyword).append(' ').append(quote ? "\"" + value + "\"" : value).append('\n');
    }

    private static String header(String what, String use) {
        return "# " + what + ", written by netshell (nodes --export)\n# " + use + "\n";
    }

    private static String yaml(Object data) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(1000);
        return new Yaml(options).dump(data);
    }
}
