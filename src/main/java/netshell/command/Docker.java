package netshell.command;

import netshell.node.Node;

/** Whether a node has a working Docker engine (then overlays and containers use it). */
final class Docker {
    private Docker() {}

    static boolean present(Context ctx, Node node) {
        try {
            var r = ctx.read(node, "docker", "info", "--format", "{{.ServerVersion}}");
            return r.ok() && !r.stdout().isBlank(); // a dry-run node answers every command with nothing
        } catch (RuntimeException e) {
            return false; // no docker binary at all
        }
    }
}
