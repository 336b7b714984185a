package netshell.trace;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import netshell.core.AfterCtrlC;
import netshell.command.CommandFailed;
import netshell.command.Context;
import netshell.command.Explained;
import netshell.core.Step;
import netshell.node.ExecResult;
import netshell.node.LineStream;
import netshell.node.Node;
import netshell.trace.plan.Probe;

/**
 * A marker whose reader runs on the node beside the marking: started first, then the marking made, then the reader
 * proven to listen by echoing a change of our own (the marking itself, or a harmless change made until one is
 * echoed: no fixed wait); removed, the marking's removal echoed shows that every event came before it.
 */
abstract class MonitoredMarker implements TraceMarker {
    /** How long a node may take to show that its reader listens, or that the marking is gone. */
    static final long READY_MILLIS = NodeTrace.READY_MILLIS;

    final Context ctx;
    final Node node;
    final Probe probe;
    final List<String> lines = new CopyOnWriteArrayList<>();
    private LineStream reader;
    private boolean asked;
    private boolean gone;
    private boolean closed;

    MonitoredMarker(Context ctx, Node node, Probe probe) {
        this.ctx = ctx;
        this.node = node;
        this.probe = probe;
    }

    /** The reader, started in the background. */
    abstract List<String> readerArgv();

    /** Marks the probe (its reader started first); a failure is told by its result. */
    abstract ExecResult mark();

    /** Whether a line of the reader shows that it listens: it shows the marking, or {@link #echo} made. */
    abstract boolean listens(String line);

    /** A change the reader shows (see {@link #listens}), which leaves nothing behind. */
    abstract Step echo(int i);

    /** Whether a line of the reader shows the marking gone (or what {@link #afterUnmark} did, when it has a step). */
    abstract boolean gone(String line);

    /** Whether a failed removal only found the marking gone already. */
    abstract boolean alreadyGone(ExecResult r);

    /** A step run after the marking's removal that the reader echoes (see {@link #gone}), or null. */
    Step afterUnmark() {
        return null;
    }

    /** Takes the marking away (a marker may try harder when it fails). */
    abstract ExecResult removeMarking();

    @Override
    public void start() throws InterruptedException {
        synchronized (this) {
            if (closed) return;
            reader = node.stream(explained(readerArgv()), lines::add);
            asked = true;
        }
        ExecResult made = mark();
        boolean late;
        synchronized (this) {
            late = closed; // closed while the marking was made: close() found nothing to remove, so remove it here
            if (late) gone = false;
        }
        if (late) {
            unmarkNow(null);
            return;
        }
        if (!made.ok())
            throw new CommandFailed("cannot mark the probe for " + tracer().label() + ": "
                    + made.firstErrorLine());
        awaitListening();
    }

    @Override
    public void unmark(List<String> failures) throws InterruptedException {
        unmarkNow(failures);
        Step after = afterUnmark();
        if (after != null) ctx.change(node, after);
        try {
            await(this::gone, tracer().command() + " did not show the trace marking go");
        } catch (CommandFailed e) {
            failures.add(e.getMessage() + ": trace events may be missing");
        }
    }

    @Override
    public synchronized void stop() {
        if (reader != null) reader.cancel();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        AfterCtrlC.cleanUp(() -> {
            try {
                unmarkNow(null);
            } catch (RuntimeException e) {
                // unreachable node: nothing more can be done from here; the failure is in the report already
            } finally {
                stop();
            }
        });
    }

    private void unmarkNow(List<String> failures) {
        synchronized (this) {
            if (!asked || gone) return;
            gone = true;
        }
        ExecResult r;
        try {
            r = removeMarking();
        } catch (RuntimeException e) {
            synchronized (this) {
                gone = false; // cut short (an interrupted command): a later close tries again
            }
            throw e;
        }
        if (!r.ok() && !alreadyGone(r) && failures != null)
            failures.add("could not remove the trace marking (" + String.join(" ", r.argv()) + "): "
                    + r.firstErrorLine());
    }

    /** The argv of a process started in the background, shown first under --explain (as reads and changes are). */
    List<String> explained(List<String> argv) {
        if (ctx.explain()) ctx.emit(new Explained(node.name(), argv, null, true));
        return argv;
    }

    /** Waits until the reader shows our marking, or an echo made now and then (a reader may print no greeting). */
    private void awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + READY_MILLIS * 1_000_000;
        for (int i = 0; System.nanoTime() < deadline; i++) {
            if (seen(this::listens, 20)) return;
            ExecResult r = ctx.change(node, echo(i));
            if (!r.ok()) throw new CommandFailed(String.join(" ", r.argv()) + ": " + r.firstErrorLine());
        }
        throw new CommandFailed(tracer().command() + " showed nothing of the trace marking within "
                + READY_MILLIS / 1000 + " s");
    }

    private boolean seen(Predicate<String> line, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        do {
            for (String l : lines) if (line.test(l)) return true;
            Thread.sleep(2);
        } while (System.nanoTime() < deadline);
        return false;
    }

    private void await(Predicate<String> line, String what) throws InterruptedException {
        if (!seen(line, READY_MILLIS)) throw new CommandFailed(what + " within " + READY_MILLIS / 1000 + " s");
    }
}
