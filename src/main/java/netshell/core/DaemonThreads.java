package netshell.core;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that never keep the JVM alive: fan-outs, readers and background warm-ups all end with the command or the
 * shell that started them, so a stuck node or a slow completion read never holds up exit.
 */
public final class DaemonThreads {
    private DaemonThreads() {}

    /** A factory of daemon threads named NAME, or NAME-1, NAME-2… when {@code numbered}. */
    public static ThreadFactory named(String name, boolean numbered) {
        AtomicInteger count = new AtomicInteger();
        return body -> {
            Thread t = new Thread(body, numbered ? name + "-" + count.incrementAndGet() : name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Starts {@code body} on a daemon thread of that name. */
    public static Thread start(String name, Runnable body) {
        Thread t = named(name, false).newThread(body);
        t.start();
        return t;
    }
}
