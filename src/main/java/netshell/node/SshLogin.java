package netshell.node;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.Session;

/**
 * How an SSH node logs in: key files or ssh-agent, the host key checked against known_hosts, a proxy command,
 * timeouts and keepalives. SshNode owns the session this opens and runs commands over it.
 */
final class SshLogin {
    /** Host key algorithms and public key algorithms we offer: modern ones, including RSA with SHA-2. */
    static final String KEY_ALGORITHMS = "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256";

    private final NodeSpec spec;
    private final SshNode.Options options;
    private JSch jsch;
    private HostKeyCheck hostKeys;

    SshLogin(NodeSpec spec, SshNode.Options options) {
        this.spec = spec;
        this.options = options;
    }

    String describe() { return spec.userOrDefault() + "@" + spec.host() + ":" + spec.port(); }

    /** A new, connected session; NodeException says why when it cannot be had. */
    Session open() {
        try {
            if (jsch == null) jsch = newJsch();
            Session s = jsch.getSession(spec.userOrDefault(), spec.host(), spec.port());
            s.setHostKeyRepository(hostKeys);
            s.setConfig("StrictHostKeyChecking", "yes");
            s.setConfig("server_host_key", KEY_ALGORITHMS);
            s.setConfig("PubkeyAcceptedAlgorithms", KEY_ALGORITHMS);
            s.setConfig("PreferredAuthentications", "publickey");
            s.setServerAliveInterval((int) options.keepAlive().toMillis());
            s.setServerAliveCountMax(3);
            if (spec.proxyCommand() != null)
                s.setProxy(new CommandProxy(spec.proxyCommand(), spec.userOrDefault(), spec.name()));
            try {
                s.connect((int) options.connectTimeout().toMillis());
            } catch (JSchException e) {
                String refusal = hostKeys.refusal();
                if (refusal != null) throw new NodeException(spec.name(), refusal, e);
                if (String.valueOf(e.getMessage()).contains("Auth fail")) {
                    throw new NodeException(spec.name(), "authentication failed for " + describe() + " (keys tried: "
                            + String.join(", ",
                                    spec.identityFiles().isEmpty() ? List.of("default keys") : spec.identityFiles())
                            + ")", e);
                }
                throw new NodeException(spec.name(), "cannot connect to " + describe() + ": " + e.getMessage(), e);
            }
            return s;
        } catch (JSchException e) {
            throw new NodeException(spec.name(), "cannot set up SSH for " + describe() + ": " + e.getMessage(), e);
        }
    }

    private JSch newJsch() throws JSchException {
        JSch j = new JSch();
        String knownHosts = spec.knownHostsFile() != null
                ? expandHome(spec.knownHostsFile())
                : System.getProperty("user.home") + "/.ssh/known_hosts";
        j.setKnownHosts(knownHosts);
        String strict = spec.strictHostKeyChecking() == null ? "ask" : spec.strictHostKeyChecking().toLowerCase();
        boolean acceptNew = options.acceptNewHostKeys() || strict.equals("no") || strict.equals("accept-new")
                || strict.equals("off");
        Prompter prompter = strict.equals("yes") ? Prompter.nonInteractive() : options.prompter();
        hostKeys = new HostKeyCheck(j, spec.name(), knownHosts, acceptNew, prompter);
        if (!addKeyFiles(j)) useAgentIfAny(j);
        return j;
    }

    /** Loads the configured (or default) key files; an encrypted key's passphrase is asked through the prompter. */
    private boolean addKeyFiles(JSch j) throws JSchException {
        List<String> files = spec.identityFiles().isEmpty()
                ? List.of("~/.ssh/id_ed25519", "~/.ssh/id_ecdsa", "~/.ssh/id_rsa")
                : spec.identityFiles();
        boolean any = false;
        for (String name : files) {
            String file = expandHome(name);
            if (!Files.isReadable(Path.of(file))) continue;
            KeyPair key = KeyPair.load(j, file);
            if (key.isEncrypted()) {
                String passphrase = options.prompter().askSecret("Passphrase for key '" + file + "': ");
                if (passphrase == null)
                    throw new NodeException(spec.name(), "key " + file + " is encrypted and no passphrase was given");
                if (!key.decrypt(passphrase)) throw new NodeException(spec.name(), "wrong passphrase for key " + file);
                j.addIdentity(file, passphrase.getBytes(StandardCharsets.UTF_8));
            } else {
                j.addIdentity(file);
            }
            key.dispose();
            any = true;
        }
        return any;
    }

    /** Without key files, ssh-agent's keys (when SSH_AUTH_SOCK is set and reachable). */
    private static void useAgentIfAny(JSch j) {
        if (System.getenv("SSH_AUTH_SOCK") == null) return;
        try {
            j.setIdentityRepository(new AgentIdentityRepository(new SSHAgentConnector()));
        } catch (Exception | LinkageError ignored) {
            // No usable agent: authentication reports the failure.
        }
    }

    static String expandHome(String path) {
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }
}
