package netshell.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import netshell.core.BadInput;

/**
 * Reads an Ansible INI inventory into AnsibleData as Ansible's ini plugin does: host lines (`name[:port]
 * key=value…`, host ranges `web[01:20]`, words split like a shell's), `[group]`, `[group:vars]` (one `key=value`
 * a line, the value read as a Python literal when it is one: `'a b'` is `a b`), `[group:children]` (a group may be
 * declared after it is named). Errors name file:line and what was expected.
 */
final class AnsibleIni {
    private static final Pattern SECTION = Pattern.compile("^\\[([^:\\]\\s]+)(?::(\\w+))?\\]\\s*(?:#.*)?$");
    private static final Pattern GROUP_NAME = Pattern.compile("^([^:\\]\\s]+)\\s*(?:#.*)?$");

    private final String file;
    private final AnsibleData data;
    /** Child groups named before their declaration: child → the line and the parents naming it. */
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    private record Pending(int line, List<String> parents) {}

    private AnsibleIni(String file, AnsibleData data) {
        this.file = file;
        this.data = data;
    }

    static void read(String file, List<String> lines, AnsibleData data) {
        new AnsibleIni(file, data).parse(lines);
    }

    private void parse(List<String> lines) {
        String group = AnsibleData.UNGROUPED;
        String kind = "hosts";
        Map<String, Integer> varsOnly = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            Matcher m = SECTION.matcher(line);
            if (m.matches()) {
                group = m.group(1);
                kind = m.group(2) == null ? "hosts" : m.group(2);
                if (!List.of("hosts", "vars", "children").contains(kind)) {
                    throw bad(number, "unknown section [" + group + ":" + kind
                            + "] (expected [group], [group:vars] or [group:children])");
                }
                if (!data.hasGroup(group) && kind.equals("vars")) varsOnly.putIfAbsent(group, number);
                if (!kind.equals("vars")) varsOnly.remove(group);
                data.addGroup(group);
                if (!kind.equals("vars")) declared(group, number);
                continue;
            }
            if (line.startsWith("[")) {
                throw bad(number, "expected a section header like [group], [group:vars] or [group:children], got "
                        + line);
            }
            switch (kind) {
                case "vars" -> {
                    int eq = line.indexOf('=');
                    if (eq <= 0) throw bad(number, "expected key=value, got '" + line + "'");
                    String key = line.substring(0, eq).strip();
                    data.setGroupVar(group, key, checked(key, literal(line.substring(eq + 1).strip()), number));
                }
                case "children" -> {
                    Matcher g = GROUP_NAME.matcher(line);
                    if (!g.matches()) throw bad(number, "a [" + group + ":children] line names one group, got " + line);
                    String child = g.group(1);
                    if (data.hasGroup(child)) data.addChild(group, child, file + ":" + number);
                    else
                        pending.computeIfAbsent(child, c -> new Pending(number, new ArrayList<>())).parents()
                                .add(group);
                }
                default -> host(line, group, number);
            }
        }
        for (Map.Entry<String, Pending> p : pending.entrySet())
            throw bad(p.getValue().line(), "unknown child group '" + p.getKey() + "'");
        for (Map.Entry<String, Integer> v : varsOnly.entrySet()) {
            if (v.getKey().equals(AnsibleData.ALL) || v.getKey().equals(AnsibleData.UNGROUPED)) continue;
            throw bad(v.getValue(), "[" + v.getKey() + ":vars] is for a group that is never declared (expected ["
                    + v.getKey() + "] or [" + v.getKey() + ":children])");
        }
    }

    /** A group declared by [group] or [group:children]: the parents that named it earlier get it now. */
    private void declared(String group, int number) {
        Pending p = pending.remove(group);
        if (p == null) return;
        for (String parent : p.parents()) data.addChild(parent, group, file + ":" + number);
    }

    private void host(String line, String group, int number) {
        List<String> words;
        try {
            words = ShellWords.split(line, true);
        } catch (IllegalArgumentException e) {
            throw bad(number, e.getMessage());
        }
        if (words.isEmpty()) return;
        String pattern = words.get(0);
        if (pattern.contains("=")) throw bad(number, "expected a host name before '" + pattern + "'");
        Map<String, String> vars = new LinkedHashMap<>();
        for (String word : words.subList(1, words.size())) {
            int eq = word.indexOf('=');
            if (eq <= 0) throw bad(number, "expected key=value, got '" + word + "'");
            String key = word.substring(0, eq);
            vars.put(key, checked(key, word.substring(eq + 1), number));
        }
        HostPattern hp;
        try {
            hp = HostPattern.parse(pattern);
        } catch (IllegalArgumentException e) {
            throw bad(number, e.getMessage());
        }
        if (hp.port() != null) vars.putIfAbsent("ansible_port", hp.port());
        for (String host : hp.hosts()) data.addHost(host, group, vars);
    }

    private String checked(String key, String value, int number) {
        if ((key.equals("ansible_port") || key.equals("ansible_ssh_port")) && !HostPattern.isPort(value))
            throw bad(number, "bad port '" + value + "'");
        return value;
    }

    /** A value as Python's ast.literal_eval reads a quoted string ('…' or "…" with backslash escapes); else as is. */
    static String literal(String value) {
        if (value.length() < 2) return value;
        char q = value.charAt(0);
        if ((q != '\'' && q != '"') || value.charAt(value.length() - 1) != q) return value;
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == q) return value; // an unescaped quote inside: not one literal
            if (c == '\\' && i + 1 < value.length() - 1) {
                char n = value.charAt(++i);
                out.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> n;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private BadInput bad(int line, String message) { return new BadInput(file + ":" + line + ": " + message); }
}
