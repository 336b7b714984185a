package netshell.node;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The questions about new host keys during one fan-out, shared by its nodes: asked one after another, each
 * with its fingerprint and how many more wait; "all" accepts the rest of the batch (until nobody waits).
 */
final class HostKeyTrust {
    /** New hosts met together (one fan-out) arrive within this; the first question waits for them to count. */
    private static final long GATHER_MILLIS = 300;

    private final AtomicInteger waiting = new AtomicInteger();
    private boolean acceptRest;
    private boolean batchStarted;

    /** The answer for one new host: asked through the prompter, or "all" given earlier in this batch. */
    boolean decide(Prompter prompter, String question) {
        if (!prompter.interactive()) return false;
        waiting.incrementAndGet();
        try {
            synchronized (this) {
                if (acceptRest) return true;
                if (!batchStarted) {
                    batchStarted = true;
                    pause();
                }
                int n = waiting.get();
                String answer = prompter.choose(question, n > 1 ? "yes / no / all " + n : "yes / no");
                if (answer == null) return false;
                answer = answer.strip().toLowerCase();
                if (answer.equals("all") || answer.equals("all " + n) || answer.equals("a")) {
                    acceptRest = true;
                    return true;
                }
                return answer.equals("yes") || answer.equals("y");
            }
        } finally {
            if (waiting.decrementAndGet() == 0) {
                synchronized (this) {
                    acceptRest = false;
                    batchStarted = false;
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(GATHER_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
