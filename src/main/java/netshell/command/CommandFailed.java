package netshell.command;

/** A command ran but did not succeed (on a node, or for a reason outside the user's input): exit code 1. */
public class CommandFailed extends RuntimeException {
    public CommandFailed(String message) { super(message); }
    public CommandFailed(String message, Throwable cause) { super(message, cause); }
}
