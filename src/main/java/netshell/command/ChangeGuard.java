package netshell.command;

import netshell.core.BadInput;
import netshell.core.Plan;

/**
 * What {@link Changes#applyOrRollBack} calls around every plan, when a feature has installed one on the session
 * ({@code change} does): snapshot the nodes, arm a rollback for {@code --confirm}, journal what was applied.
 */
public interface ChangeGuard {
    /** The longest {@code --confirm}: one day. */
    int MAX_CONFIRM_SECONDS = 86_400;

    /** Before a plan runs; CommandFailed when a node cannot be made safe (nothing is changed then). */
    Guarded begin(Context ctx, Plan plan);

    /** A change under way. */
    interface Guarded {
        /** The plan to run: the command's own, with the arming steps {@code --confirm} asks for. */
        Plan plan();

        /** The plan applied on every node: journal it, and track what awaits confirmation. */
        void applied(Context ctx, ApplyReport report);

        /** The plan failed and what it applied was undone: nothing will be compared with the snapshots. */
        default void failed(Context ctx) {}
    }

    /** Reports rollbacks that nodes did by themselves since the last command. */
    default void settle(Context ctx) {}

    /** For the prompt: "confirm 42s" while a change awaits confirmation, else empty. */
    default String promptNote() {
        return "";
    }

    /** 1 s to a day: BadInput otherwise. */
    static int confirmSeconds(String text) {
        return (int) Args.parseBounded("--confirm (seconds)", text, 1, MAX_CONFIRM_SECONDS);
    }
}
