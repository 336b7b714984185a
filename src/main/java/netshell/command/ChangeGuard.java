package netshell.command;

import java.util.List;

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
    }

    /** Reports rollbacks that nodes did by themselves since the last command. */
    default void settle(Context ctx) {}

    /** For the prompt: "confirm 42s" while a change awaits confirmation, else empty. */
    default String promptNote() {
        return "";
    }

    /** Takes {@code --confirm SECONDS} (or {@code --confirm=SECONDS}) out of {@code words}; null when absent. */
    static Integer takeConfirm(List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("--confirm")) {
                if (i + 1 >= words.size()) throw new BadInput("--confirm needs a number of seconds");
                String v = words.get(i + 1);
                words.subList(i, i + 2).clear();
                return confirmSeconds(v);
            }
            if (w.startsWith("--confirm=")) {
                words.remove(i);
                return confirmSeconds(w.substring("--confirm=".length()));
            }
        }
        return null;
    }

    /** 1 s to a day: BadInput otherwise. */
    static int confirmSeconds(String text) {
        return (int) Args.parseBounded("--confirm (seconds)", text, 1, MAX_CONFIRM_SECONDS);
    }
}
