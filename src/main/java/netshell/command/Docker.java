package netshell.command;

import netshell.node.DockerSocket;
import netshell.node.Node;

/** Whether a node has a working Docker engine (then overlays and containers use it). */
public final class Docker {
    private Docker() {}

    public static boolean present(Context ctx, Node node) {
        // A lab node is a namespace of this machine: without an engine of its own (lab up --docker), a Docker
        // engine answering there is the host's, whose networks and containers are not the node's.
        if (!node.dockerIsItsOwn()) return false;
        return ctx.once(node, "docker", () -> answers(ctx, node));
    }

    private static boolean answers(Context ctx, Node node) {
        // The lab's own engine listens on a socket of this machine: asking it directly is free, a client costs 20 ms.
        if (node.ownDockerHost().isPresent())
            return DockerSocket.version(DockerSocket.path(node.ownDockerHost().get())).isPresent();
        return clientAnswers(ctx, node);
    }

    private static boolean clientAnswers(Context ctx, Node node) {
        try {
            var r = ctx.read(node, "docker", "info", "--format", "{{.ServerVersion}}");
            return r.ok() && !r.stdout().isBlank(); // a dry-run node answers every command with nothing
        } catch (RuntimeException e) {
            return false; // no docker binary at all
        }
    }
}
