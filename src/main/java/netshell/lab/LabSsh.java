package netshell.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import netshell.runtime.docker.LabDocker;
import netshell.runtime.docker.ShimSockets;
import netshell.node.ExecResult;
import netshell.node.LocalNode;
import netshell.node.NodeException;

/** The lab's SSH side: one sshd per node namespace, a shared client key, known_hosts and nodes.ssh. */
final class LabSsh {
    private final Lab lab;
    private final Path stateDir;
    private final LocalNode host;

    LabSsh(Lab lab, Path stateDir, LocalNode host) {
        this.lab = lab;
        this.stateDir = stateDir;
        this.host = host;
    }

    static Path nodeDir(Path stateDir, int i) { return stateDir.resolve("node" + i); }

    static Optional<Long> pid(Path stateDir, int i) {
        try {
            Path file = nodeDir(stateDir, i).resolve("sshd.pid");
            return Files.exists(file) ? Optional.of(Long.parseLong(Files.readString(file).strip())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static boolean sshdRunning(Path stateDir, int i) {
        return pid(stateDir, i).flatMap(ProcessHandle::of)
                .filter(p -> p.isAlive() && p.info().command().orElse("").endsWith("sshd")).isPresent();
    }

    void up(int count) {
        try {
            Files.createDirectories(Path.of("/run/sshd"));
            Path key = stateDir.resolve("id_ed25519");
            if (!Files.exists(key)) keygen(key, "netshell-lab-" + lab.name());
            Files.copy(stateDir.resolve("id_ed25519.pub"), stateDir.resolve("authorized_keys"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(stateDir.resolve("authorized_keys"),
                    PosixFilePermissions.fromString("rw-r--r--"));
            StringBuilder knownHosts = new StringBuilder();
            StringBuilder config = new StringBuilder("# netshell lab '" + lab.name()
                    + "': sshd in each node namespace, reached through `ip netns exec NAMESPACE socat`.\n");
            for (int i = 1; i <= count; i++) {
                Path dir = nodeDir(stateDir, i);
                Files.createDirectories(dir);
                Path hostKey = dir.resolve("ssh_host_ed25519_key");
                if (!Files.exists(hostKey)) keygen(hostKey, "node" + i);
                Files.writeString(dir.resolve("sshd_config"), sshdConfig(i, dir));
                if (!sshdRunning(stateDir, i)) startSshd(i, dir);
                String[] pub = Files.readString(dir.resolve("ssh_host_ed25519_key.pub")).strip().split("\\s+");
                knownHosts.append(Lab.address(i)).append(' ').append(pub[0]).append(' ').append(pub[1]).append('\n');
                config.append(hostEntry(i));
            }
            Files.writeString(stateDir.resolve("known_hosts"), knownHosts);
            Files.writeString(stateDir.resolve("nodes.ssh"), config);
        } catch (IOException e) {
            throw new UncheckedIOException("lab " + lab.name() + ": cannot set up sshd", e);
        }
    }

    private String sshdConfig(int i, Path dir) {
        return String.join("\n",
                "# sshd for lab " + lab.name() + " node" + i + " (runs inside namespace " + lab.namespace(i) + ")",
                "ListenAddress " + Lab.address(i) + ":22",
                "HostKey " + dir.resolve("ssh_host_ed25519_key"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + stateDir.resolve("authorized_keys"),
                "PermitRootLogin prohibit-password",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                // The state dir may sit under a world-writable directory such as /tmp.
                "StrictModes no",
                "UseDNS no",
                "MaxSessions 64",
                "MaxStartups 64:30:128",
                "PrintMotd no",
                // Logins reach the node's own Docker engine (lab up --docker); without one, no engine at all.
                // SHLVL=1: bash runs ~/.bashrc for a command sent over SSH only as a first-level shell. The nodes
                // share this machine's home directories, whose rc files (a pyenv init waiting a minute on its
                // lock, a prompt framework) have no business in every node command.
                "SetEnv DOCKER_HOST=" + LabDocker.dockerHost(stateDir, i) + " SHLVL=1",
                "");
    }

    private String hostEntry(int i) {
        return "Host node" + i + "\n"
                + "  HostName " + Lab.address(i) + "\n"
                + "  Port 22\n"
                + "  User root\n"
                + "  IdentityFile " + stateDir.resolve("id_ed25519") + "\n"
                + "  IdentitiesOnly yes\n"
                + "  UserKnownHostsFile " + stateDir.resolve("known_hosts") + "\n"
                + "  StrictHostKeyChecking yes\n"
                // nodelay: without TCP_NODELAY the relay's small writes meet delayed ACKs, 40 ms per command.
                + "  ProxyCommand ip netns exec " + lab.namespace(i) + " socat - TCP:%h:%p,nodelay\n"
                + "  # netshell_underlay " + Lab.UNDERLAY + "\n";
    }

    private void startSshd(int i, Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve("sshd.pid"));
        // sshd daemonizes: the child stays in the namespace, the parent returns once it listens.
        // nsenter switches only the network namespace: unlike `ip netns exec` it keeps this machine's mount
        // namespace, so `ip netns add` over SSH makes a namespace everyone sees, as on a real machine.
        ExecResult r = host.run("nsenter", "--net=/run/netns/" + lab.namespace(i), "/usr/sbin/sshd",
                "-f", dir.resolve("sshd_config").toString(), "-E", dir.resolve("sshd.log").toString());
        if (!r.ok())
            throw new NodeException("lab " + lab.name(), "sshd for node" + i + " did not start: " + r.firstErrorLine());
        for (int tries = 0; tries < 100 && !sshdRunning(stateDir, i); tries++) Lab.sleep(20);
        if (!sshdRunning(stateDir, i))
            throw new NodeException("lab " + lab.name(),
                    "sshd for node" + i + " did not start; see " + dir.resolve("sshd.log"));
    }

    private void keygen(Path file, String comment) {
        host.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file.toString()))
                .orThrow();
    }
}
