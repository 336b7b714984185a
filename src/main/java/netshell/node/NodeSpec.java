package netshell.node;

import java.util.List;

/**
 * How to reach one inventory node over SSH. Null fields mean "not configured": user → the login user,
 * knownHostsFile → ~/.ssh/known_hosts, strictHostKeyChecking → "ask", underlay → detected on the node.
 */
public record NodeSpec(String name, String host, int port, String user, List<String> identityFiles,
        String knownHostsFile, String strictHostKeyChecking, String proxyCommand, String underlay) {
    public NodeSpec {
        identityFiles = identityFiles == null ? List.of() : List.copyOf(identityFiles);
        if (host == null || host.isBlank()) host = name;
        if (port <= 0) port = 22;
    }

    public String userOrDefault() { return user == null ? System.getProperty("user.name") : user; }
}
