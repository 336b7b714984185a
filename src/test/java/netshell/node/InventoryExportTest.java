package netshell.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import netshell.core.NodeSet;

/**
 * nodes --export files read back by netshell into the same nodes, and by the tools they are for: the ssh_config by
 * OpenSSH's `ssh -G`, the Ansible inventory by `ansible-inventory --list`, the ClusterShell file by `nodeset -LL`.
 */
class InventoryExportTest {
    static final List<String> SOURCES = List.of("ansible/estate.yml", "bastion.ini", "ansible.ini", "vagrant.ssh",
            "wildcards.ssh");
    Path dir;

    @BeforeEach
    void dir() throws Exception { dir = Files.createTempDirectory("export"); }

    @AfterEach
    void clean() { new LocalNode("local").run("rm", "-rf", dir.toString()); }

    static Inventory source(String name) { return Inventory.load(InventoryTest.DIR.resolve(name), false); }

    Path write(String format, Inventory inventory, String file) throws Exception {
        Path p = dir.resolve(file);
        Files.writeString(p, InventoryExport.write(format, inventory, "test nodes"));
        return p;
    }

    static ExecResult run(Map<String, String> env, String... argv) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        int exit = p.waitFor();
        assertEquals(0, exit, String.join(" ", argv) + ": " + err);
        return new ExecResult("local", List.of(argv), exit, out, err, java.time.Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ansible/estate.yml", "bastion.ini", "ansible.ini", "vagrant.ssh", "wildcards.ssh"})
    void ansibleExportReadsBackTheSameUnderNetshellAndAnsible(String name) throws Exception {
        Inventory original = source(name);
        Path file = write("ansible", original, "hosts.yml");
        Inventory back = Inventory.load(file);
        // warnings name their file, so only nodes and groups must come back the same
        assertEquals(InventoryTest.render(new Inventory(original.nodes(), original.groups())),
                InventoryTest.render(new Inventory(back.nodes(), back.groups())));

        AnsibleData theirs = new AnsibleData();
        AnsibleJson.read("ansible-inventory", AnsibleInventoryTest.ansibleList(file), theirs, new LinkedHashSet<>());
        assertEquals(AnsibleInventoryTest.sorted(original),
                AnsibleInventoryTest.sorted(AnsibleInventory.of(file.toString(), theirs)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ansible/estate.yml", "bastion.ini", "ansible.ini", "vagrant.ssh", "wildcards.ssh"})
    void sshConfigExportReadsBackTheSameUnderNetshellAndOpenSsh(String name) throws Exception {
        Inventory original = source(name);
        Path file = write("ssh-config", original, "nodes.ssh");
        Inventory back = Inventory.load(file);
        assertEquals(InventoryTest.render(new Inventory(original.nodes(), Map.of())),
                InventoryTest.render(new Inventory(back.nodes(), back.groups())));

        String home = System.getProperty("user.home");
        for (NodeSpec n : original.nodes()) {
            Map<String, List<String>> g = new LinkedHashMap<>();
            for (String line : run(Map.of(), "ssh", "-G", "-F", file.toString(), n.name()).stdout().split("\n")) {
                String[] kv = line.split(" ", 2);
                if (kv.length == 2) g.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv[1]);
            }
            String what = name + " " + n.name() + ": ";
            assertEquals(n.host(), g.get("hostname").get(0), what + "hostname");
            assertEquals(String.valueOf(n.port()), g.get("port").get(0), what + "port");
            assertEquals(n.userOrDefault(), g.get("user").get(0), what + "user");
            if (!n.identityFiles().isEmpty()) assertEquals(n.identityFiles(), g.get("identityfile"), what + "keys");
            String jumps = n.jumps().isEmpty() ? null : g.get("proxyjump").get(0);
            if (jumps != null) {
                // Each hop OpenSSH would take resolves, under ssh -G, to the hop netshell takes.
                List<String> hops = List.of(jumps.split(","));
                assertEquals(n.jumps().size(), hops.size(), what + "hops");
                for (int i = 0; i < hops.size(); i++) {
                    NodeSpec hop = NodeSpec.hop(hops.get(i), h -> {
                        try {
                            var hg = run(Map.of(), "ssh", "-G", "-F", file.toString(), h).stdout();
                            String host = hg.lines().filter(l -> l.startsWith("hostname ")).findFirst().orElseThrow()
                                    .substring(9);
                            return new NodeSpec(h, host, 22, null, List.of(), null, null, null, null);
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    });
                    assertEquals(n.jumps().get(i).host() + ":" + n.jumps().get(i).port(),
                            hop.host() + ":" + (hop.port() == 22 ? n.jumps().get(i).port() : hop.port()),
                            what + "hop " + i);
                }
            } else if (n.proxyCommand() != null) {
                assertEquals(n.proxyCommand(), g.get("proxycommand").get(0), what + "proxycommand");
            }
            if (n.knownHostsFile() != null) {
                assertEquals(SshLogin.expandHome(n.knownHostsFile()),
                        g.get("userknownhostsfile").get(0).split(" ")[0], what + "known hosts");
            }
            assertEquals(n.connectTimeoutSeconds() > 0 ? String.valueOf(n.connectTimeoutSeconds()) : null,
                    g.containsKey("connecttimeout") && !g.get("connecttimeout").get(0).equals("none")
                            ? g.get("connecttimeout").get(0)
                            : null,
                    what + "timeout");
            assertTrue(home != null);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ansible/estate.yml", "bastion.ini", "ansible.ini"})
    void clushExportGivesTheSameGroupsUnderNetshellAndNodeset(String name) throws Exception {
        Inventory original = source(name);
        Path cfg = dir.resolve("clustershell");
        Files.createDirectories(cfg.resolve("groups.d"));
        Path file = cfg.resolve("groups.d").resolve("netshell.yaml");
        Files.writeString(file, InventoryExport.write("clush", original, "test nodes"));
        Files.writeString(cfg.resolve("groups.d").resolve("local.cfg"), ""); // the default source, empty
        Files.writeString(cfg.resolve("groups.conf"), "[Main]\ndefault: netshell\nautodir: " + cfg.resolve("groups.d")
                + "\n");

        Inventory back = Inventory.load(file);
        assertEquals(original.nodes().stream().map(NodeSpec::name).toList(),
                back.nodes().stream().map(NodeSpec::name).toList());
        assertEquals(new TreeMap<>(original.groups()), new TreeMap<>(back.groups()));

        Map<String, List<String>> nodeset = new TreeMap<>();
        String listed = run(Map.of("CLUSTERSHELL_CFGDIR", cfg.toString()), "nodeset", "-s", "netshell", "-LL")
                .stdout();
        for (String line : listed.split("\n")) {
            String[] kv = line.strip().split("\\s+", 2);
            String group = kv[0].substring(kv[0].indexOf(':') + 1);
            List<String> names = new ArrayList<>();
            for (String part : kv[1].split(",(?![^\\[]*\\])")) names.addAll(NodeSet.expand(part));
            if (!group.equals("all")) nodeset.put(group, names);
            else
                assertEquals(original.nodes().stream().map(NodeSpec::name).sorted().toList(),
                        names.stream().sorted().toList());
        }
        Map<String, List<String>> expected = new TreeMap<>();
        original.groups().forEach((g, hosts) -> expected.put(g, hosts.stream().sorted().toList()));
        nodeset.replaceAll((g, hosts) -> hosts.stream().sorted().toList());
        assertEquals(expected, nodeset);
    }
}
