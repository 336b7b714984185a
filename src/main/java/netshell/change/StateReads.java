package netshell.change;

import java.util.List;

import netshell.change.plan.StateScript;
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
        ExecResult r = ctx.read(node, argv);
        if (r.exit() != StateScript.MISSING) return r;
        ExecResult installed = node.run(StateScript.install(), StateScript.library());
        return installed.ok() ? ctx.read(node, argv) : installed;
    }

    /** The same for a command that must not be echoed as a read (settle's quiet status checks). */
    static ExecResult run(Node node, List<String> argv) {
        ExecResult r = node.run(argv, null);
        if (r.exit() != StateScript.MISSING) return r;
        ExecResult installed = node.run(StateScript.install(), StateScript.library());
        return installed.ok() ? node.run(argv, null) : installed;
    }
}
