package netshell.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import netshell.command.Target;
import netshell.node.ExecResult;
import netshell.node.Inventory;
import netshell.node.NodeSpec;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/**
 * nodes --export over a lab with real sshd: the exported ssh_config logs in with OpenSSH's ssh, the ClusterShell
 * file with clush, the Ansible inventory with ansible; each read back by netshell gives the lab's nodes.
 */
@NeedsRoot("ip netns, sshd")
class NodeExportLabTest {
    static SshLab ssh;
    static Lab lab;
    static Path dir;
    static TestShell shell;

    @BeforeAll
    static void up() throws Exception {
        ssh = SshLab.up(2);
        lab = ssh.lab();
        dir = ssh.dir();
        shell = TestShell.on(Target.lab(lab, null));
    }

    @AfterAll
    static void down() {
        if (ssh != null) ssh.close();
    }

    static Path export(String format, String file) throws Exception {
        TestShell.Run r = shell.run("nodes --export " + format);
        assertEquals(0, r.status(), r.err());
        Path p = dir.resolve(file);
        Files.writeString(p, r.out());
        return p;
    }

    static ExecResult run(Map<String, String> env, String... argv) {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            String err = new String(p.getErrorStream().readAllBytes());
            return new ExecResult("local", List.of(argv), p.waitFor(), out, err, java.time.Duration.ZERO);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static List<NodeSpec> labNodes() { return Inventory.load(lab.sshConfig()).nodes(); }

    @Test
    void sshConfigExportLogsInWithOpenSsh() throws Exception {
        Path file = export("ssh-config", "nodes.ssh");
        assertEquals(labNodes(), Inventory.load(file).nodes());
        for (int i = 1; i <= 2; i++) {
            ExecResult r = run(Map.of(), "ssh", "-F", file.toString(), "-o", "BatchMode=yes", "node" + i, "ip", "-4",
                    "-o", "addr", "show", "dev", "eth1");
            assertEquals(0, r.exit(), r.stderr());
            assertTrue(r.stdout().contains(Lab.address(i) + "/24"), r.stdout());
        }
    }

    @Test
    void clushExportRunsOnTheGroupWithClush() throws Exception {
        Path ssh = export("ssh-config", "clush.ssh");
        Path cfg = dir.resolve("clustershell");
        Files.createDirectories(cfg.resolve("groups.d"));
        Path groups = export("clush", "clustershell/groups.d/netshell.yaml");
        Files.writeString(cfg.resolve("groups.d/local.cfg"), "");
        Files.writeString(cfg.resolve("groups.conf"), "[Main]\ndefault: netshell\nautodir: " + cfg.resolve("groups.d")
                + "\n");
        assertEquals(List.of("node1", "node2"), Inventory.load(groups).nodes().stream().map(NodeSpec::name).toList());
        ExecResult r = run(Map.of("CLUSTERSHELL_CFGDIR", cfg.toString()), "clush", "-o",
                "-F " + ssh + " -o BatchMode=yes", "-g", "all", "-L", "ip", "-4", "-o", "addr", "show", "dev", "eth1");
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        for (int i = 1; i <= 2; i++)
            assertTrue(r.stdout().contains("node" + i + ":") && r.stdout().contains(Lab.address(i) + "/24"),
                    r.stdout());
    }

    @Test
    void ansibleExportRunsWithAnsible() throws Exception {
        Path file = export("ansible", "hosts.yml");
        assertEquals(labNodes(), Inventory.load(file).nodes());
        Path tmp = Files.createDirectories(dir.resolve("ansible-tmp"));
        ExecResult r = run(Map.of("ANSIBLE_LOCAL_TEMP", tmp.toString(), "ANSIBLE_HOST_KEY_CHECKING", "True",
                "ANSIBLE_NOCOLOR", "1"), "ansible", "-i", file.toString(), "all", "-m", "raw", "-a",
                "ip -4 -o addr show dev eth1");
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        for (int i = 1; i <= 2; i++) assertTrue(r.stdout().contains(Lab.address(i) + "/24"), r.stdout());
    }

    @Test
    void aDryRunHasNothingToExport() {
        TestShell.Run r = TestShell.on(Target.dryRun(2)).run("nodes --export ansible");
        assertEquals(2, r.status());
        assertEquals("netshell: nodes: --export: the target (dry-run:2) has no SSH nodes; load an inventory (-i FILE)"
                + " or use 'lab up --ssh'\n", r.err());
    }
}
