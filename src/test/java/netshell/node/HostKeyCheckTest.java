package netshell.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;

/** A key of another type than the one recorded is a changed key, refused with both fingerprints, never appended. */
class HostKeyCheckTest {
    @TempDir
    Path dir;

    @Test
    void anRsaKeyWhereEd25519IsKnownIsRefusedAsChanged() throws Exception {
        JSch jsch = new JSch();
        byte[] ed25519 = KeyPair.genKeyPair(jsch, KeyPair.ED25519).getPublicKeyBlob();
        byte[] rsa = KeyPair.genKeyPair(jsch, KeyPair.RSA, 2048).getPublicKeyBlob();
        Path file = dir.resolve("known_hosts");
        String line = "10.0.0.1 ssh-ed25519 " + Base64.getEncoder().encodeToString(ed25519) + "\n";
        HostKeyCheck check = accepting(jsch, "node1", file, line, false);

        assertEquals(HostKeyRepository.CHANGED, check.check("10.0.0.1", rsa));
        String rsaPrint = new HostKey("10.0.0.1", rsa).getFingerPrint(jsch);
        String edPrint = new HostKey("10.0.0.1", ed25519).getFingerPrint(jsch);
        assertEquals("node1: REMOTE HOST IDENTIFICATION HAS CHANGED for 10.0.0.1! It offers ssh-rsa key fingerprint is "
                + rsaPrint + ", but " + file + " records ssh-ed25519 key " + edPrint + ". Someone could be "
                + "eavesdropping (man-in-the-middle), or the host key was just changed. If the change is expected, "
                + "remove the old key: ssh-keygen -f '" + file + "' -R '10.0.0.1'", check.refusal());
        assertEquals(line, Files.readString(file), "nothing appended, even with accept-new");

        assertEquals(HostKeyRepository.OK, check.check("10.0.0.1", ed25519));
        assertNull(check.refusal());
        assertEquals(HostKeyRepository.OK, check.check("10.0.0.2", rsa), "a new host is still accepted as new");
        assertEquals(2, Files.readAllLines(file).size());
    }

    @Test
    void aKeyRecordedSinceTheFileWasReadCountsToo() throws Exception {
        JSch jsch = new JSch();
        byte[] ed25519 = KeyPair.genKeyPair(jsch, KeyPair.ED25519).getPublicKeyBlob();
        byte[] ecdsa = KeyPair.genKeyPair(jsch, KeyPair.ECDSA, 256).getPublicKeyBlob();
        Path file = dir.resolve("known_hosts");
        HostKeyCheck check = accepting(jsch, "node2", file, "", true);
        KnownHostsFile.append(file, "[10.0.0.2]:2222", new HostKey("[10.0.0.2]:2222", ed25519), true);
        assertEquals(HostKeyRepository.CHANGED, check.check("[10.0.0.2]:2222", ecdsa));
        assertTrue(check.refusal().contains("records ssh-ed25519 key SHA256:"), check.refusal());
        assertEquals(List.of(), Files.readAllLines(file).stream().filter(l -> l.contains("ecdsa")).toList());
    }

    /** A check that accepts new keys (accept-new) over a known_hosts file holding {@code content}. */
    private static HostKeyCheck accepting(JSch jsch, String node, Path file, String content, boolean hash)
            throws Exception {
        Files.writeString(file, content);
        jsch.setKnownHosts(file.toString());
        return new HostKeyCheck(jsch, node, file.toString(), true, Prompter.nonInteractive(), new HostKeyTrust(), hash);
    }
}
