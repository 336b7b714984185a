package netshell.node;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How to reach one inventory node over SSH. Null fields mean "not configured": user → the login user,
 * knownHostsFile → ~/.ssh/known_hosts, strictHostKeyChecking → "ask", underlay → detected on the node.
 * jumps are the ProxyJump hops in order (each may have jumps of its own when it is the first);
 * connectTimeoutSeconds 0 means the default.
 */
public record NodeSpec(String name, String host, int port, String user, List<String> identityFiles,
        String knownHostsFile, String strictHostKeyChecking, String proxyCommand, String underlay,
        List<NodeSpec> jumps, boolean hashKnownHosts, int connectTimeoutSeconds) {
    public NodeSpec {
        identityFiles = identityFiles == null ? List.of() : List.copyOf(identityFiles);
        jumps = jumps == null ? List.of() : List.copyOf(jumps);
        if (host == null || host.isBlank()) host = name;
        if (port <= 0) port = 22;
    }

    public NodeSpec(String name, String host, int port, String user, List<String> identityFiles,
            String knownHostsFile, String strictHostKeyChecking, String proxyCommand, String underlay) {
        this(name, host, port, user, identityFiles, knownHostsFile, strictHostKeyChecking, proxyCommand, underlay,
                List.of(), false, 0);
    }

    public String userOrDefault() { return user == null ? System.getProperty("user.name") : user; }

    public NodeSpec withJumps(List<NodeSpec> hops) {
        return new NodeSpec(name, host, port, user, identityFiles, knownHostsFile, strictHostKeyChecking,
                proxyCommand, underlay, hops, hashKnownHosts, connectTimeoutSeconds);
    }

    /** user@host:port through the jumps, the key under which a jump session is shared. */
    String key() {
        StringBuilder sb = new StringBuilder();
        for (NodeSpec j : jumps) sb.append(j.key()).append(" > ");
        return sb.append(userOrDefault()).append('@').append(host).append(':').append(port).toString();
    }

    /**
     * One ProxyJump hop, [user@]host[:port], as its own spec: settings from `base` (the hop's own ssh_config
     * entry when it has one) with the user and port the hop names.
     */
    static NodeSpec hop(String text, Function<String, NodeSpec> base) {
        String t = text.strip();
        if (t.startsWith("ssh://")) t = t.substring(6);
        String user = null;
        int at = t.lastIndexOf('@');
        if (at >= 0) {
            user = t.substring(0, at);
            t = t.substring(at + 1);
        }
        int port = 0;
        int colon = t.lastIndexOf(':');
        if (colon > 0 && t.substring(colon + 1).matches("\\d{1,5}")) {
            port = Integer.parseInt(t.substring(colon + 1));
            t = t.substring(0, colon);
        }
        if (t.startsWith("[") && t.endsWith("]")) t = t.substring(1, t.length() - 1);
        NodeSpec b = base.apply(t);
        return new NodeSpec(t, b.host(), port > 0 ? port : b.port(), user != null ? user : b.user(),
                b.identityFiles(), b.knownHostsFile(), b.strictHostKeyChecking(), b.proxyCommand(), null, b.jumps(),
                b.hashKnownHosts(), b.connectTimeoutSeconds());
    }

    /** A ProxyJump value (comma list of hops, or none) as hops; the first hop keeps its own jumps. */
    static List<NodeSpec> jumps(String value, Function<String, NodeSpec> base) {
        if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("none")) return List.of();
        List<NodeSpec> hops = new ArrayList<>();
        for (String part : value.split(",")) {
            NodeSpec hop = hop(part, base);
            // Later hops are reached through the previous one, as OpenSSH does, not through their own jumps.
            hops.add(hops.isEmpty() ? hop : hop.withJumps(List.of()));
        }
        return hops;
    }
}
