package netshell.node;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.Proxy;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.Session;

/**
 * How an SSH node logs in: key files or ssh-agent, the host key checked against known_hosts, a proxy command,
 * timeouts and keepalives. SshNode owns the session this opens and runs commands over it.
 */
final class SshLogin {
    /** Host key algorithms and public key algorithms we offer: modern ones, including RSA with SHA-2. */
    static final String KEY_ALGORITHMS = "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,"
            + "rsa-sha2-512,rsa-sha2-256";

    private final NodeSpec spec;
    private final SshNode.Options options;
    private JSch jsch;
    private HostKeyCheck hostKeys;

    SshLogin(NodeSpec spec, SshNode.Options options) {
        this.spec = spec;
        this.options = options;
    }

    String describe() { return spec.userOrDefault() + "@" + spec.host() + ":" + spec.port(); }

    /** The connect timeout: ConnectTimeout from ssh_config, else the option (10 s by default). */
    Duration connectTimeout() {
        return spec.connectTimeoutSeconds() > 0
                ? Duration.ofSeconds(spec.connectTimeoutSeconds())
                : options.connectTimeout();
    }

    /** A new, connected session; NodeException says why when it cannot be had. */
    Session open() {
        Session via = spec.jumps().isEmpty() ? null : jumpSession();
        try {
            if (jsch == null) jsch = newJsch();
            Session s = jsch.getSession(spec.userOrDefault(), spec.host(), spec.port());
            if (SshDebugLog.enabled()) s.setLogger(SshDebugLog.forNode(spec.name()));
            s.setHostKeyRepository(hostKeys);
            s.setConfig("StrictHostKeyChecking", "yes");
            s.setConfig("server_host_key", KEY_ALGORITHMS);
            s.setConfig("PubkeyAcceptedAlgorithms", KEY_ALGORITHMS);
            s.setConfig("PreferredAuthentications", "publickey");
            s.setServerAliveInterval((int) options.keepAlive().toMillis());
            s.setServerAliveCountMax(3);
            Proxy proxy = via != null
                    ? new JumpProxy(via)
                    : spec.proxyCommand() != null
                            ? new CommandProxy(spec.proxyCommand(), spec.userOrDefault(), spec.name())
                            : null;
            if (proxy != null) s.setProxy(proxy);
            Duration timeout = connectTimeout();
            // JSch's timeout covers a socket only: through a proxy a silent server would be waited for forever.
            AtomicBoolean timedOut = new AtomicBoolean();
            CountDownLatch connected = new CountDownLatch(1);
            if (proxy != null) {
                Processes.daemon("ssh-connect-watchdog-" + spec.name(), () -> {
                    try {
                        if (connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) return;
                    } catch (InterruptedException e) {
                        return;
                    }
                    timedOut.set(true);
                    proxy.close();
                });
            }
            try {
                s.connect((int) timeout.toMillis());
            } catch (JSchException e) {
                if (timedOut.get() || isTimeout(e)) {
                    throw new NodeException(spec.name(), "timed out connecting to " + describe() + " after "
                            + timeout.toSeconds() + " s (ConnectTimeout)", e);
                }
                String refusal = hostKeys.refusal();
                if (refusal != null) throw new NodeException(spec.name(), refusal, e);
                if (String.valueOf(e.getMessage()).contains("Auth fail")) {
                    throw new NodeException(spec.name(), "authentication failed for " + describe() + " (keys tried: "
                            + String.join(", ",
                                    spec.identityFiles().isEmpty() ? List.of("default keys") : spec.identityFiles())
                            + ")", e);
                }
                throw new NodeException(spec.name(), "cannot connect to " + describe() + ": " + e.getMessage(), e);
            } finally {
                connected.countDown();
            }
            return s;
        } catch (JSchException e) {
            throw new NodeException(spec.name(), "cannot set up SSH for " + describe() + ": " + e.getMessage(), e);
        }
    }

    private static boolean isTimeout(JSchException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof SocketTimeoutException || m.contains("timeout: socket is not established")
                    || m.contains("timed out"))
                return true;
        }
        return false;
    }

    /**
     * The session of the last ProxyJump hop, shared by every node behind it: hop i is reached through hop i-1,
     * the first through its own jumps, if any.
     */
    private Session jumpSession() {
        NodeSpec last = null;
        for (NodeSpec hop : spec.jumps()) last = last == null ? hop : hop.withJumps(List.of(last));
        NodeSpec hop = last;
        try {
            return options.shared().jump(hop, () -> new SshLogin(hop, options).open());
        } catch (NodeException e) {
            throw new NodeException(spec.name(), "jump host " + hop.name() + ": " + e.getMessage(), e);
        }
    }

    private JSch newJsch() throws JSchException {
        JSch j = new JSch();
        if (SshDebugLog.enabled()) j.setInstanceLogger(SshDebugLog.forNode(spec.name()));
        String knownHosts = spec.knownHostsFile() != null
                ? expandHome(spec.knownHostsFile())
                : System.getProperty("user.home") + "/.ssh/known_hosts";
        j.setKnownHosts(knownHosts);
        String strict = spec.strictHostKeyChecking() == null ? "ask" : spec.strictHostKeyChecking().toLowerCase();
        boolean acceptNew = options.acceptNewHostKeys() || strict.equals("no") || strict.equals("accept-new")
                || strict.equals("off");
        Prompter prompter = strict.equals("yes") ? Prompter.nonInteractive() : options.prompter();
        hostKeys = new HostKeyCheck(j, spec.name(), knownHosts, acceptNew, prompter, options.shared().trust,
                spec.hashKnownHosts());
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
