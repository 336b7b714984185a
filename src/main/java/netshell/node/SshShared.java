package netshell.node;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.jcraft.jsch.Session;

/**
 * What the nodes of one fleet share: the host key questions of a fan-out, and one session per jump host
 * (every node behind a bastion tunnels through the same login; ProxyJump channels are not sessions, so
 * sshd's MaxSessions does not limit them).
 */
public final class SshShared {
    final HostKeyTrust trust = new HostKeyTrust();
    private final Map<String, Session> jumps = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /** The live session to a jump host, opened once by `login` and shared; reopened if it dropped. */
    Session jump(NodeSpec hop, Supplier<Session> login) {
        String key = hop.key();
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            Session s = jumps.get(key);
            if (s != null && s.isConnected()) return s;
            if (s != null) s.disconnect();
            s = login.get();
            jumps.put(key, s);
            return s;
        }
    }

    /** Jump sessions open now (for tests and leak checks). */
    public int jumpSessions() {
        return (int) jumps.values().stream().filter(Session::isConnected).count();
    }

    public void close() {
        Collection<Session> all = jumps.values();
        all.forEach(Session::disconnect);
        jumps.clear();
    }
}
