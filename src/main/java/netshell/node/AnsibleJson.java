package netshell.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import groovy.json.JsonException;
import groovy.json.JsonSlurper;

import netshell.core.BadInput;

/**
 * A dynamic inventory: an executable run with `--list`, its JSON read as Ansible's script plugin reads it (what
 * `ansible-inventory --list` prints is the same format): each key a group, either a list of hosts or {hosts, vars,
 * children}; `_meta.hostvars` gives each host's variables, and without it the script is asked `--host NAME`.
 */
final class AnsibleJson {
    private AnsibleJson() {}

    static void run(Path script, AnsibleData data) {
        String json = output(script, List.of("--list"));
        Map<String, Object> list = object(script + " --list", json);
        Set<String> hosts = new LinkedHashSet<>();
        read(script + " --list", list, data, hosts);
        if (!(list.get("_meta") instanceof Map<?, ?> meta) || !meta.containsKey("hostvars")) {
            for (String host : hosts)
                data.addHost(host, null, vars(script + " --host " + host,
                        object(script + " --host " + host, output(script, List.of("--host", host)))));
        }
    }

    /** Reads the JSON of `--list` (already parsed); the hosts met are added to `hosts`. */
    static void read(String source, Map<String, Object> list, AnsibleData data, Set<String> hosts) {
        Map<String, Object> hostvars = Map.of();
        if (list.get("_meta") instanceof Map<?, ?> meta && meta.get("hostvars") != null)
            hostvars = map(source, "_meta.hostvars", meta.get("hostvars"));
        List<String[]> children = new ArrayList<>();
        for (Map.Entry<String, Object> e : list.entrySet()) {
            String group = e.getKey();
            if (group.equals("_meta")) continue;
            data.addGroup(group);
            Object g = e.getValue();
            Map<String, Object> body;
            if (g instanceof Map<?, ?> m) {
                body = map(source, group, m);
                if (!body.containsKey("hosts") && !body.containsKey("vars") && !body.containsKey("children"))
                    body = Map.of("hosts", List.of(group), "vars", body);
            } else {
                body = Map.of("hosts", g == null ? List.of() : g);
            }
            for (String host : names(source, group + ".hosts", body.get("hosts"))) {
                hosts.add(host);
                data.addHost(host, group, Map.of());
            }
            if (body.get("vars") != null)
                vars(source, map(source, group + ".vars", body.get("vars")))
                        .forEach((k, v) -> data.setGroupVar(group, k, v));
            for (String child : names(source, group + ".children", body.get("children")))
                children.add(new String[]{group, child});
        }
        for (String[] c : children) data.addChild(c[0], c[1], source);
        for (String host : hosts) {
            Object v = hostvars.get(host);
            if (v != null) data.addHost(host, null, vars(source, map(source, "_meta.hostvars." + host, v)));
        }
    }

    static Map<String, Object> object(String source, String json) {
        Object parsed;
        try {
            parsed = new JsonSlurper().parseText(json);
        } catch (JsonException | IllegalArgumentException e) {
            throw new BadInput(source + ": expected JSON, got: " + firstLine(e.getMessage()));
        }
        return map(source, "the top level", parsed);
    }

    private static String output(Path script, List<String> args) {
        List<String> command = new ArrayList<>(List.of(script.toAbsolutePath().toString()));
        command.addAll(args);
        ExecResult r;
        try {
            r = Processes.run("inventory", command, command, "");
        } catch (NodeException e) {
            throw new BadInput("cannot run dynamic inventory " + script + ": " + e.getMessage());
        }
        if (r.exit() != 0) {
            throw new BadInput("dynamic inventory " + script + " " + String.join(" ", args) + " exited " + r.exit()
                    + (r.stderr().isBlank() ? "" : ": " + firstLine(r.stderr())));
        }
        return r.stdout();
    }

    private static Map<String, String> vars(String source, Map<String, Object> vars) {
        Map<String, String> out = new LinkedHashMap<>();
        vars.forEach((k, v) -> out.put(k, v == null ? null : String.valueOf(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(String source, String what, Object value) {
        if (value instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new BadInput(source + ": expected an object for " + what + ", got " + describe(value));
    }

    private static List<String> names(String source, String what, Object value) {
        if (value == null) return List.of();
        if (!(value instanceof List<?> l))
            throw new BadInput(source + ": expected a list for " + what + ", got "
                    + describe(value));
        return l.stream().map(String::valueOf).toList();
    }

    private static String describe(Object value) {
        return value instanceof Map ? "an object" : value instanceof List ? "a list" : "'" + value + "'";
    }

    private static String firstLine(String text) {
        String t = String.valueOf(text).strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
