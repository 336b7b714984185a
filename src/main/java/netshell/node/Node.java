package netshell.node;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The narrow interface every transport implements: run an argv, stream an argv, close.
 * Callers pass words, never a shell string; a transport that needs a shell quotes in one place (ShellQuote).
 * run() is interruptible: interrupting the calling thread kills the command and throws NodeException.
 */
public interface Node extends AutoCloseable {
    String name();

    Transport kind();

    /** The transport's label: "ssh", "lab", "local" or "dry-run". */
    default String transport() {
        return kind().label();
    }

    /** The address the node is reached at (its underlay address), or "" when unknown. */
    String address();

    /**
     * The underlay interface (for example eth1): the configured one, else detected once from the node (the
     * interface holding its address, else that of its default route); null when unknown. Never throws.
     */
    String underlay();

    ExecResult run(List<String> argv, String stdin);

    default ExecResult run(List<String> argv) { return run(argv, null); }

    default ExecResult run(String... argv) { return run(List.of(argv), null); }

    /**
     * Runs read-only argvs in order, one result each. Transports that can do it in one round trip (a process,
     * an SSH channel) override this with {@link ReadScript}; the default runs them one by one.
     */
    default List<ExecResult> runAll(List<List<String>> argvs) {
        return argvs.stream().map(a -> run(a, null)).toList();
    }

    /**
     * Whether a command can run now without logging in (and so without asking about a host key or a
     * passphrase). Background work (completion caches) only touches nodes that are ready.
     */
    default boolean ready() { return true; }

    /**
     * The transport's round trip once connected (what {@code nodes} shows): connecting is done first and not timed,
     * then the fastest of a few answers is taken, as ping's minimum. Transports override this with an echo over
     * their open channel; this default times a no-op command.
     */
    default Duration roundTrip() {
        run("true").orThrow(); // connects
        long start = System.nanoTime();
        run("true").orThrow();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Starts argv and hands each output line (stdout and stderr) to onLine until it ends or is cancelled. */
    LineStream stream(List<String> argv, Consumer<String> onLine);

    // What features ask of a node, in place of asking how it is reached: a new transport answers these, and no
    // feature needs to learn of it.

    /** Whether the node runs nothing: it shows each command and answers it with nothing (a dry run). */
    default boolean dryRun() {
        return false;
    }

    /** Whether the node's files and programs are this machine's (a lab namespace, or this machine itself). */
    default boolean onThisMachine() {
        return false;
    }

    /**
     * The network namespace of this machine that the node is (a lab node), or empty. Namespaces made for the node
     * are named after it, since every lab node shares this machine's /run/netns.
     */
    default Optional<String> hostNamespace() { return Optional.empty(); }

    /** The node's own Docker engine as a DOCKER_HOST of this machine (lab up --docker), or empty. */
    default Optional<String> ownDockerHost() {
        return Optional.empty();
    }

    /**
     * Whether a Docker engine that answers on the node is the node's own: not so for a lab namespace without an
     * engine of its own, whose docker reaches this machine's engine, with networks and containers not the node's.
     */
    default boolean dockerIsItsOwn() { return true; }

    /** Whether the node may pull images from a registry (the lab has none). */
    default boolean reachesRegistries() {
        return true;
    }

    /** How the node is reached over SSH (host, port, user…), or empty for a node reached otherwise. */
    default Optional<NodeSpec> sshSpec() {
        return Optional.empty();
    }

    /** The port of the node's SSH server, when it is reached over SSH. */
    default OptionalInt sshPort() {
        return sshSpec().map(s -> OptionalInt.of(s.port())).orElse(OptionalInt.empty());
    }

    /**
     * Starts argv and hands its stdout to onBytes unchanged, in chunks as they arrive (a binary stream such as
     * {@code tcpdump -w -}), and each stderr line to onErrorLine, until it ends or is cancelled. Cancel kills it
     * on the node as {@link #stream} does. Transports that cannot keep bytes apart from text refuse.
     */
    default LineStream streamBytes(List<String> argv, Consumer<byte[]> onBytes, Consumer<String> onErrorLine) {
        throw new NodeException(name(), "no binary output over the " + transport() + " transport");
    }

    @Override
    void close();
}
