package netshell.change;

import java.util.List;
import java.util.function.Supplier;

import netshell.command.Context;
import netshell.node.ExecResult;
import netshell.node.Node;

/**
 * Runs a state command on a node, putting the state library there first when the node lacks it (a first contact,
 * or /run emptied by a reboot): one extra round trip then, none after.
 */
final class StateReads {
    private StateReads() {}

    static ExecResult read(Context ctx, Node node, List<String> argv) {
        return withLibrary(node, () -> ctx.read(node, argv));
    }

    /** The same for a command that must not be echoed as a read (settle's quiet status checks). */
    static ExecResult run(Node node, List<String> argv) {
        return withLibrary(node, () -> node.run(argv, null));
    }

    private static ExecResult withLibrary(Node node, Supplier<ExecResult> command) {
        ExecResult r = command.get();
        if (r.exit() != StateScript.MISSING) return r;
        ExecResult installed = node.run(StateScript.install(), StateScript.library());
        return installed.ok() ? command.get() : installed;
    }
}
