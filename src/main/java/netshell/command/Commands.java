package netshell.command;

/** The built-in commands, in the order help lists them. */
public final class Commands {
    private Commands() {}

    public static Registry registry() {
        return new Registry()
                .add(NetCommands.spec());
    }
}
