package netshell.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;

/** ProxyCommand's expansions and known_hosts lines: a name never adds shell syntax or lines of its own. */
class CommandProxyTest {
    @TempDir
    Path dir;

    @Test
    void expansionsAreQuotedAsOneShellWordEach() {
        assertEquals("ssh -W 'db1;touch /x':22 -l 'a b' jump 'n$(id)' %",
                CommandProxy.expand("ssh -W %h:%p -l %r jump %n %%", "db1;touch /x", 22, "a b", "n$(id)"));
        assertEquals("socat - TCP:192.168.56.10:22,nodelay",
                CommandProxy.expand("socat - TCP:%h:%p,nodelay", "192.168.56.10", 22, "vagrant", "node1"),
                "plain names stay bare, as the lab's ProxyCommand needs");
    }

    @Test
    void theShellThatRunsTheProxySeesEachNameAsData() throws Exception {
        Path marker = dir.resolve("pwned");
        String host = "h;touch " + marker + ";echo";
        CommandProxy proxy = new CommandProxy("printf '%%s|%%s' %h %n", "u", "alias$(touch " + marker + ")");
        proxy.connect(null, host, 22, 0);
        try {
            String out = new String(proxy.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(host + "|alias$(touch " + marker + ")", out);
        } finally {
            proxy.close();
        }
        assertFalse(Files.exists(marker), "nothing ran");
    }

    @Test
    void aKnownHostsLineIsNeverWrittenForAHostWithANewline() throws Exception {
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, "");
        KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.ED25519);
        HostKey key = new HostKey("x", pair.getPublicKeyBlob());
        IOException e = assertThrows(IOException.class,
                () -> KnownHostsFile.append(file, "good\nevil ssh-ed25519 AAAA", key, false));
        assertEquals("the host name 'good\\nevil ssh-ed25519 AAAA' holds a blank or control character", e.getMessage());
        assertEquals("", Files.readString(file));
        KnownHostsFile.append(file, "[10.0.0.1]:2222", key, false);
        assertEquals(1, Files.readAllLines(file).size());
    }
}
