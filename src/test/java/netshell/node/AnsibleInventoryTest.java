package netshell.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import netshell.core.BadInput;

/**
 * Ansible inventories read by netshell and by the real `ansible-inventory -i FILE --list` (Debian's ansible-core):
 * the same hosts, the same groups, the same connection variables, and the same nodes made from them.
 */
class AnsibleInventoryTest {
    static final Path DIR = Path.of("src/test/resources/inventory/ansible");
    static final List<String> CONNECTION = List.of("ansible_host", "ansible_port", "ansible_user",
            "ansible_ssh_private_key_file", "ansible_ssh_common_args", "ansible_ssh_extra_args", "ansible_become",
            "netshell_underlay");

    /** What ansible-inventory --list prints for a source, parsed. */
    static Map<String, Object> ansibleList(Path source) throws Exception {
        Path tmp = Files.createTempDirectory("ansible-tmp");
        ProcessBuilder pb = new ProcessBuilder("ansible-inventory", "-i", source.toString(), "--list");
        pb.environment().put("ANSIBLE_LOCAL_TEMP", tmp.toString());
        pb.environment().put("ANSIBLE_INVENTORY_UNPARSED_FAILED", "true");
        pb.environment().put("ANSIBLE_NOCOLOR", "1");
        pb.redirectErrorStream(false);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertEquals(0, p.waitFor(), "ansible-inventory -i " + source + ": " + err);
        new LocalNode("local").run("rm", "-rf", tmp.toString());
        return AnsibleJson.object("ansible-inventory", out);
    }

    /** A value as Ansible means it: YAML's yes and Python's True are both true. */
    static String normal(String v) {
        if (v == null) return null;
        return switch (v.strip().toLowerCase()) {
            case "yes", "true", "on" -> "true";
            case "no", "false", "off" -> "false";
            default -> v;
        };
    }

    static Map<String, String> connection(Map<String, String> vars) {
        Map<String, String> out = new TreeMap<>();
        for (String k : CONNECTION) if (vars.get(k) != null) out.put(k, normal(vars.get(k)));
        return out;
    }

    /** Every host of each group (through child groups), sets compared: all and ungrouped left out. */
    static Map<String, Set<String>> members(AnsibleData data) {
        Map<String, Set<String>> out = new TreeMap<>();
        data.groupMembers().forEach((g, hosts) -> out.put(g, new LinkedHashSet<>(hosts)));
        return out;
    }

    /** The nodes and groups, each sorted: Ansible lists hosts group by group, netshell in the order met. */
    static String sorted(Inventory inventory) {
        List<String> lines = new ArrayList<>(inventory.nodes().stream().map(NodeSpec::toString).toList());
        inventory.groups().forEach((g, hosts) -> lines.add("group " + g + " = " + new TreeSet<>(hosts)));
        Collections.sort(lines);
        return String.join("\n", lines);
    }

    @ParameterizedTest
    @ValueSource(strings = {"estate.yml", "estate.ini", "override/hosts.yml", "override", "dynamic.sh",
            "dynamic-host.sh"})
    void readsAsAnsibleInventoryDoes(String name) throws Exception {
        Path source = DIR.resolve(name);
        AnsibleData ours = AnsibleInventory.read(source);
        AnsibleData theirs = new AnsibleData();
        AnsibleJson.read("ansible-inventory", ansibleList(source), theirs, new LinkedHashSet<>());

        assertEquals(new TreeMap<>(Map.of("hosts", Set.copyOf(theirs.hosts()))),
                new TreeMap<>(Map.of("hosts", Set.copyOf(ours.hosts()))), "hosts");
        assertEquals(members(theirs), members(ours), "groups");
        for (String host : theirs.hosts())
            assertEquals(connection(theirs.varsOf(host)), connection(ours.varsOf(host)), host + "'s variables");
        // The nodes netshell makes from Ansible's reading are the ones it makes from its own.
        assertEquals(sorted(AnsibleInventory.of(source.toString(), theirs)), sorted(Inventory.load(source)));
    }

    @Test
    void yamlAndIniOfTheSameEstateGiveTheSameNodes() {
        Inventory yaml = Inventory.load(DIR.resolve("estate.yml"));
        Inventory ini = Inventory.load(DIR.resolve("estate.ini"));
        assertEquals(InventoryTest.render(ini), InventoryTest.render(yaml));
        assertEquals(List.of("bastion", "web01", "web02", "web03", "db-a", "db-b", "db-c", "db-z"),
                yaml.nodes().stream().map(NodeSpec::name).toList());
        NodeSpec web02 = yaml.node("web02").orElseThrow();
        assertEquals("deploy", web02.user());
        assertEquals(List.of("203.0.113.10:2200 as jump"),
                web02.jumps().stream().map(j -> j.host() + ":" + j.port() + " as " + j.user()).toList());
        assertEquals(5, web02.connectTimeoutSeconds());
        NodeSpec dbz = yaml.node("db-z").orElseThrow();
        assertEquals(2222, dbz.port());
        assertEquals(List.of("203.0.113.10:2200 as ops"),
                dbz.jumps().stream().map(j -> j.host() + ":" + j.port() + " as " + j.user()).toList());
        assertEquals(List.of("web01", "web02", "web03", "db-a", "db-b", "db-c", "db-z"), yaml.groups().get("prod"));
    }

    @Test
    void groupVarsFileOverridesTheGroupsUser() {
        Inventory inv = Inventory.load(DIR.resolve("override/hosts.yml"));
        assertEquals("bob", inv.node("web1").orElseThrow().user()); // group_vars/web.yml over the inventory's alice
        assertEquals("carol", inv.node("web2").orElseThrow().user()); // the host's own variable over both
        assertEquals(2222, inv.node("web2").orElseThrow().port()); // host_vars/web2.yml
        assertEquals(2022, inv.node("web1").orElseThrow().port()); // group_vars/all/connection.yml
        Inventory dir = Inventory.load(DIR.resolve("override"));
        assertEquals(List.of("web1", "web2", "db1", "web3"), dir.nodes().stream().map(NodeSpec::name).toList());
        assertEquals("postgres", dir.node("db1").orElseThrow().user());
    }

    @Test
    void dynamicInventoryIsRunWithList() {
        Inventory inv = Inventory.load(DIR.resolve("dynamic.sh"));
        assertEquals(List.of("web1", "web2", "web3"), inv.groups().get("web"));
        assertEquals("10.0.0.1", inv.node("web1").orElseThrow().host());
        assertEquals(2201, inv.node("web1").orElseThrow().port());
        assertEquals(List.of("web1"), inv.node("db1").orElseThrow().jumps().stream().map(NodeSpec::name).toList());
    }

    @Test
    void failingDynamicInventorySaysSo() throws Exception {
        Path script = Files.createTempFile("inventory", ".sh");
        Files.writeString(script, "#!/bin/sh\necho 'no cloud credentials' >&2\nexit 3\n");
        script.toFile().setExecutable(true);
        try {
            BadInput e = assertThrows(BadInput.class, () -> Inventory.load(script));
            assertEquals("dynamic inventory " + script + " --list exited 3: no cloud credentials", e.getMessage());
            Files.writeString(script, "#!/bin/sh\necho '[1, 2'\n");
            e = assertThrows(BadInput.class, () -> Inventory.load(script));
            assertTrue(e.getMessage().startsWith(script + " --list: expected JSON"), e.getMessage());
        } finally {
            Files.delete(script);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "all:\\n  hosts:\\n    - web1\\n"
                    + "|inv.yml:3: expected the hosts of group 'all' as a mapping (name: …), not a list, got a list",
            "all:\\n  children:\\n    web:\\n      host:\\n        web1:\\n"
                    + "|inv.yml:4: unexpected key 'host' in group 'web' (expected hosts, vars or children)",
            "all:\\n  hosts:\\n    web[c:a]:\\n|inv.yml:3: host range 'web[c:a]' must have begin <= end",
            "all:\\n  hosts:\\n   web1: {ansible_port: http}\\n|inv.yml:3: bad port 'http'",
            "all:\\n  hosts: [\\n|inv.yml:2: not valid YAML",
            "- web1\\n- web2\\n|inv.yml:1: expected the inventory's top level (groups such as all:), got a list",
            "[web]\\nweb[a:3]\\n|inv.yml:2: host range 'web[a:3]'",
            "[web:vars]\\nx=1\\n|inv.yml:1: [web:vars] is for a group that is never declared"})
    void malformedFileGivesFileLineAndWhatWasExpected(String text, String expected) throws Exception {
        Path dir = Files.createTempDirectory("inv");
        Path file = dir.resolve("inv.yml");
        Files.writeString(file, text.replace("\\n", "\n"));
        try {
            BadInput e = assertThrows(BadInput.class, () -> Inventory.load(file));
            assertTrue(e.getMessage().startsWith(dir + "/" + expected), e.getMessage());
        } finally {
            new LocalNode("local").run("rm", "-rf", dir.toString());
        }
    }

    @Test
    void rangesExpandAsAnsibleExpandsThem() {
        assertEquals(List.of("web01", "web02", "web03"), HostRange.expand("web[01:03]"));
        assertEquals(List.of("db-a.x", "db-b.x", "db-c.x"), HostRange.expand("db-[a:c].x"));
        assertEquals(List.of("n1", "n3", "n5"), HostRange.expand("n[1:5:2]"));
        assertEquals(List.of("r1a", "r1b", "r2a", "r2b"), HostRange.expand("r[1:2][a:b]"));
        assertEquals(List.of("x0", "x1"), HostRange.expand("x[:1]"));
        List<String> many = new ArrayList<>(HostRange.expand("web[001:120]"));
        assertEquals(120, many.size());
        assertEquals("web120", many.get(119));
    }
}
