package netshell.change;

import java.util.List;

import netshell.command.Context;
import netshell.command.NodeLibrary;
import netshell.node.ExecResult;
import netshell.node.Node;

/** Runs a state command on a node, putting the node library there first when the node lacks it. */
final class StateReads {
    private StateReads() {}

    static ExecResult read(Context ctx, Node node, List<String> argv) {
        return NodeLibrary.read(ctx, node, argv);
    }

    /** The same for a command that must not be echoed as a read (settle's quiet status checks). */
    static ExecResult run(Node node, List<String> argv) {
        return NodeLibrary.run(node, argv);
    }
}
