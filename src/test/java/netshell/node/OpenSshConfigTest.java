package netshell.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import netshell.core.BadInput;

/** ssh_config files with Match blocks, resolved by OpenSSH's own `ssh -G` (openssh-client is a test package). */
class OpenSshConfigTest {
    Path dir;

    @BeforeEach
    void dir() throws Exception { dir = Files.createTempDirectory("ssh-match"); }

    @AfterEach
    void clean() { new LocalNode("local").run("rm", "-rf", dir.toString()); }

    Path config(String text) throws Exception {
        Path p = dir.resolve("nodes.ssh");
        Files.writeString(p, text.replace("FLAG", dir.resolve("flag").toString()));
        return p;
    }

    static final String MATCHING = """
            Host plain
              HostName 10.0.0.1
            Match host target exec "test -e FLAG"
              HostName 10.0.0.2
              Port 2200
              User alice
              IdentityFile /keys/target
              ProxyJump plain
            Match localuser %s
              ConnectTimeout 7
            Host *
              StrictHostKeyChecking accept-new
            """.formatted(System.getProperty("user.name"));

    @Test
    void matchExecDecidesTheHostsSettings() throws Exception {
        assertTrue(OpenSshSettings.available(), "OpenSSH's ssh is installed (openssh-client)");
        Path file = config(MATCHING);
        Inventory without = Inventory.load(file);
        assertEquals(List.of("plain", "target"), without.nodes().stream().map(NodeSpec::name).toList());
        NodeSpec target = without.node("target").orElseThrow();
        assertEquals("target:22 jumps=[]", target.host() + ":" + target.port() + " jumps=" + target.jumps());
        assertEquals(7, target.connectTimeoutSeconds());
        assertEquals("accept-new", target.strictHostKeyChecking());
        assertEquals(List.of(), without.warnings());

        Files.writeString(dir.resolve("flag"), "");
        target = Inventory.load(file).node("target").orElseThrow();
        assertEquals("10.0.0.2:2200 alice [/keys/target]",
                target.host() + ":" + target.port() + " " + target.user() + " " + target.identityFiles());
        assertEquals(List.of("plain 10.0.0.1:22"),
                target.jumps().stream().map(j -> j.name() + " " + j.host() + ":" + j.port()).toList());
        assertEquals(7, target.connectTimeoutSeconds());
    }

    @Test
    void withoutOpenSshMatchBlocksAreSkippedWithOneWarning() throws Exception {
        // The built-in reader is used even though ssh -G would fail on this file.
        Path file = config(MATCHING + "Match host plain\n  NoSuchOption yes\n");
        Inventory inv = Inventory.load(file, false);
        assertEquals(List.of("plain"), inv.nodes().stream().map(NodeSpec::name).toList());
        assertEquals(List.of(file + ":3: Match blocks are not supported without OpenSSH's ssh; skipped up to the next"
                + " Host (and 2 more)"), inv.warnings());
    }

    @Test
    void sshsComplaintNamesFileAndLine() throws Exception {
        Path file = config("Host a\n  HostName 10.0.0.1\nMatch host a\n  Bogus 1\n");
        BadInput e = assertThrows(BadInput.class, () -> Inventory.load(file));
        assertEquals(file + ":4: Bad configuration option: bogus (ssh -G)", e.getMessage());
    }

    /** Where there is no Match block, ssh -G and the built-in reader agree (a Match that never matches forces ssh). */
    @ParameterizedTest
    @ValueSource(strings = {"vagrant.ssh", "wildcards.ssh"})
    void sshAgreesWithTheBuiltInReader(String name) throws Exception {
        Path source = InventoryTest.DIR.resolve(name);
        Path copy = dir.resolve(name);
        Files.writeString(copy, Files.readString(source) + "\nMatch user nobody-at-all\n  Port 1\n");
        String builtIn = InventoryTest.render(Inventory.load(source, false));
        String openSsh = InventoryTest.render(Inventory.load(copy, true));
        assertEquals(builtIn, openSsh);
    }
}
