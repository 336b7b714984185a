package netshell.command;

/** The body of a verb: takes parsed arguments and the session, returns a typed result (never prints). */
@FunctionalInterface
public interface Handler {
    Object run(Args args, Context ctx) throws Exception;
}
