package netshell.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import netshell.core.BadInput;

/**
 * group_vars/ and host_vars/ beside an inventory (in it, for a directory), found as Ansible's host_group_vars
 * plugin finds them: `NAME`, `NAME.yml`, `NAME.yaml` or `NAME.json`, the first that exists; a directory NAME/
 * gives all its files (sorted, recursively; hidden files and backups~ left out), each a YAML mapping of variables.
 */
final class AnsibleVarsFiles {
    private static final List<String> EXTENSIONS = List.of("", ".yml", ".yaml", ".json");

    private AnsibleVarsFiles() {}

    static void apply(Path base, AnsibleData data) {
        Path groupVars = base.resolve("group_vars");
        Path hostVars = base.resolve("host_vars");
        if (Files.isDirectory(groupVars))
            for (String group : List.copyOf(data.groupNames())) data.setGroupFileVars(group, vars(groupVars, group));
        if (Files.isDirectory(hostVars))
            for (String host : data.hosts()) data.setHostFileVars(host, vars(hostVars, host));
    }

    private static Map<String, String> vars(Path dir, String name) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Path file : files(dir, name)) {
            try {
                out.putAll(AnsibleYaml.vars(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new BadInput("cannot read " + file + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static List<Path> files(Path dir, String name) {
        for (String ext : EXTENSIONS) {
            Path p = dir.resolve(name + ext);
            if (Files.isDirectory(p)) return inDirectory(p);
            if (Files.isRegularFile(p)) return List.of(p);
        }
        return List.of();
    }

    private static List<Path> inDirectory(Path dir) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.sorted().toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(".") || n.endsWith("~")) continue;
                String ext = n.contains(".") ? n.substring(n.lastIndexOf('.')) : "";
                if (Files.isDirectory(p) && ext.isEmpty()) out.addAll(inDirectory(p));
                else if (Files.isRegularFile(p) && EXTENSIONS.contains(ext)) out.add(p);
            }
        } catch (IOException e) {
            throw new BadInput("cannot read " + dir + ": " + e.getMessage());
        }
        return out;
    }
}
