package netshell.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.jcraft.jsch.Logger;

/** One event, one line, no key material. */
class SshDebugLogTest {
    @Test
    void keyMaterialIsRedactedAndEachEventIsOneLine() {
        String key = "AAAAC3NzaC1lZDI1NTE5AAAAIJ3fP2gZyQ0Vw9yVZb1mXz0tq4mL3w8bq6fD1Yk2c3Rn";
        assertEquals("debug: ssh web1: offering ssh-ed25519 [redacted] from /keys/web.pem",
                SshDebugLog.line("web1", Logger.INFO, "offering ssh-ed25519 " + key + " from /keys/web.pem"));
        assertEquals("debug: ssh web1: error: two lines here",
                SshDebugLog.line("web1", Logger.ERROR, "two lines\n  here\n"));
        // A host key fingerprint (43 characters) is not key material: ssh -v shows it too.
        String fingerprint = "SHA256:n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg";
        assertEquals("debug: ssh web1: warning: host key " + fingerprint,
                SshDebugLog.line("web1", Logger.WARN, "host key " + fingerprint));
    }
}
