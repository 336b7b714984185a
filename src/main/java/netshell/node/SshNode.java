package netshell.node;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;

import netshell.core.AfterCtrlC;

/**
 * A machine reached over SSH (JSch): one persistent session per node, one exec channel per command,
 * so a command costs a round trip, not a login. The remote command is ShellQuote.join(argv), so the
 * remote shell interprets no word. A non-root login runs every command as `sudo -n argv…`.
 * A dropped session is re-established on the next command; keepalives detect dead links.
 */
public final class SshNode implements Node {
    /** OpenSSH allows 10 sessions per connection by default; stay below so a burst never gets refused. */
    private static final int MAX_CHANNELS = 8;

    /** How nodes log in; `shared` is what the nodes of one fleet share (jump sessions, host key questions). */
    public record Options(Prompter prompter, boolean acceptNewHostKeys, Duration connectTimeout, Duration keepAlive,
            SshShared shared) {
        public static Options defaults() {
            return new Options(Prompter.nonInteractive(), false, Duration.ofSeconds(10), Duration.ofSeconds(15),
                    new SshShared());
        }

        public Options withPrompter(Prompter p) {
            return new Options(p, acceptNewHostKeys, connectTimeout, keepAlive, shared);
        }

        public Options withAcceptNewHostKeys(boolean accept) {
            return new Options(prompter, accept, connectTimeout, keepAlive, shared);
        }

        public Options withConnectTimeout(Duration timeout) {
            return new Options(prompter, acceptNewHostKeys, timeout, keepAlive, shared);
        }
    }

    private final NodeSpec spec;
    private final Options options;
    private final Semaphore channelSlots = new Semaphore(MAX_CHANNELS);
    private final AtomicInteger openChannels = new AtomicInteger();
    private final AtomicInteger logins = new AtomicInteger();
    private final SshLogin login;
    private volatile Session session;
    private volatile String detectedUnderlay;

    public SshNode(NodeSpec spec, Options options) {
        this.spec = spec;
        this.options = options;
        this.login = new SshLogin(spec, options);
    }

    public SshNode(NodeSpec spec) { this(spec, Options.defaults()); }

    public NodeSpec spec() { return spec; }

    /** Exec channels open right now (for leak checks). */
    public int openChannels() { return openChannels.get(); }

    /** How many times a session was established (1 unless the link dropped). */
    public int logins() {
        return logins.get();
    }

    @Override
    public boolean ready() {
        Session s = session;
        return s != null && s.isConnected();
    }

    @Override
    public String name() { return spec.name(); }
    @Override
    public Transport kind() { return Transport.SSH; }

    @Override
    public java.util.Optional<NodeSpec> sshSpec() { return java.util.Optional.of(spec); }
    @Override
    public String address() { return spec.host(); }

    @Override
    public String underlay() {
        if (spec.underlay() != null) return spec.underlay();
        if (detectedUnderlay == null) {
            detectedUnderlay = UnderlayLookup.detect(this);
        }
        return detectedUnderlay;
    }

    private volatile Boolean rootLogin;

    /**
     * Whether the login is uid 0: asked once per node (`id -u`, unwrapped) unless the user is named root,
     * so that a uid-0 account of another name is not sent through sudo.
     */
    private boolean asRoot() {
        if (spec.userOrDefault().equals("root")) return true;
        Boolean known = rootLogin;
        if (known == null) {
            known = "0".equals(runBare(List.of("id", "-u")).stdout().strip());
            rootLogin = known;
        }
        return known;
    }

    /** The remote argv: behind `sudo -n` unless we log in as root. */
    List<String> privileged(List<String> argv) {
        if (asRoot()) return argv;
        List<String> out = new ArrayList<>(List.of("sudo", "-n"));
        out.addAll(argv);
        return out;
    }

    @Override
    public ExecResult run(List<String> argv, String stdin) {
        if (argv.isEmpty()) throw new IllegalArgumentException("empty argv");
        ExecResult result = exec(privileged(argv), argv, stdin);
        checkSudo(result);
        return result;
    }

    /** One channel for all of them: a remote {@code sh -c} script (behind sudo like any other command). */
    @Override
    public List<ExecResult> runAll(List<List<String>> argvs) {
        if (argvs.size() < 2) return Node.super.runAll(argvs);
        return ReadScript.split(name(), argvs, run(List.of("sh", "-c", ReadScript.script(argvs)), null));
    }

    /** Runs argv as the login user, without sudo. */
    private ExecResult runBare(List<String> argv) {
        return exec(argv, argv, null);
    }

    /** One round trip: run() and the `id -u` asked once per login user ({@link #asRoot}) both come here. */
    private ExecResult exec(List<String> remote, List<String> argv, String stdin) {
        RoundTrips.count(name());
        long start = System.nanoTime();
        acquireSlot(argv);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ChannelExec channel = null;
        try {
            channel = openExec(ShellQuote.join(remote), ch -> {
                // With an input stream JSch pumps it on a thread of its own and then sends EOF.
                if (stdin != null) ch.setInputStream(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
                ch.setOutputStream(out, true);
                ch.setErrStream(err, true);
            });
            // Without input: EOF at once (no thread), so a command that reads stdin still ends.
            if (stdin == null) sendEof(channel);
            awaitClosed(channel, argv);
            return new ExecResult(name(), argv, channel.getExitStatus(), out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start));
        } finally {
            release(channel);
            channelSlots.release();
        }
    }

    private void sendEof(ChannelExec channel) {
        try {
            channel.getOutputStream().close();
        } catch (IOException e) {
            throw new NodeException(name(), "cannot end the input of the remote command: " + e.getMessage(), e);
        }
    }

    private void acquireSlot(List<String> argv) {
        try {
            channelSlots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeException(name(), "interrupted: " + ShellQuote.join(argv), e);
        }
    }

    /** Polls for the end of the command; on interrupt asks the remote side to stop and gives up. */
    private void awaitClosed(ChannelExec channel, List<String> argv) {
        long pause = 1;
        while (!channel.isClosed()) {
            try {
                Thread.sleep(pause);
                pause = Math.min(pause * 2, 4); // a short command should not wait out a long nap
            } catch (InterruptedException e) {
                terminate(channel);
                // the remote command may have done its work while it was being stopped: whoever undoes that work
                // must come after it, not before
                AfterCtrlC.await(channel::isClosed, END_WAIT_MILLIS);
                Thread.currentThread().interrupt();
                throw new NodeException(name(), "interrupted: " + ShellQuote.join(argv), e);
            }
        }
    }

    /** How long an interrupted command is waited for, until its channel closes (a second Ctrl-C included). */
    private static final long END_WAIT_MILLIS = 2000;

    /**
     * Asks the remote command to stop (SIGTERM), unless its channel is closed: sshd ends the whole session, and every
     * stream on it, when a request names a channel it has freed. JSch marks a channel closed and then sends its
     * CLOSE while holding the channel's lock, so under that lock a channel seen open is still known to sshd.
     */
    private static void terminate(ChannelExec channel) {
        synchronized (channel) {
            if (channel.isClosed()) return;
            try {
                channel.sendSignal("TERM");
            } catch (Exception ignored) {
                // Closing the channel (the caller's finally) is the fallback.
            }
        }
    }

    private void checkSudo(ExecResult result) {
        if (asRoot() || result.ok()) return;
        String err = result.stderr();
        if (err.contains("sudo: a password is required") || err.contains("sudo: a terminal is required")) {
            throw new NodeException(name(), "sudo on " + name() + " wants a password for user '" + spec.userOrDefault()
                    + "'; allow passwordless sudo (NOPASSWD in /etc/sudoers.d) or log in as root");
        }
        if (err.contains("is not in the sudoers file") || err.contains("is not allowed to execute")) {
            throw new NodeException(name(), "user '" + spec.userOrDefault() + "' on " + name() + " may not use sudo: "
                    + result.firstErrorLine());
        }
    }

    private interface ChannelSetup { void apply(ChannelExec channel) throws IOException; }

    /**
     * Opens and starts an exec channel; if the session turned out dead, logs in again once (the command never started).
     */
    private ChannelExec openExec(String command, ChannelSetup setup) {
        JSchException last = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            Session s = session();
            ChannelExec channel = null;
            try {
                channel = (ChannelExec) s.openChannel("exec");
                openChannels.incrementAndGet();
                channel.setCommand(command);
                setup.apply(channel);
                // No timeout here on purpose: with one, JSch asks for a reply to the exec request and polls
                // for it in 10 ms naps, a round trip's worth of waiting on every command. A dead session
                // is caught by keepalives and the reconnect below.
                channel.connect();
                return channel;
            } catch (JSchException | IOException e) {
                release(channel);
                last = e instanceof JSchException j ? j : new JSchException(e.getMessage(), e);
                dropSession(s);
            }
        }
        throw new NodeException(name(), "cannot run a command on " + describe() + ": " + last.getMessage(), last);
    }

    private void release(ChannelExec channel) {
        if (channel == null) return;
        channel.disconnect();
        openChannels.decrementAndGet();
    }

    private synchronized void dropSession(Session dead) {
        if (session == dead) {
            dead.disconnect();
            session = null;
        }
    }

    private synchronized Session session() {
        if (session != null && session.isConnected()) return session;
        if (session != null) session.disconnect();
        session = login.open();
        logins.incrementAndGet();
        return session;
    }

    private String describe() { return login.describe(); }

    @Override
    public LineStream stream(List<String> argv, Consumer<String> onLine) {
        return startStream(argv,
                ch -> new SshLineStream(this, ch, ch.getInputStream(), ch.getExtInputStream(), onLine));
    }

    @Override
    public LineStream streamBytes(List<String> argv, Consumer<byte[]> onBytes, Consumer<String> onErrorLine) {
        return startStream(argv, ch -> new SshLineStream(this, ch.getInputStream(), ch.getExtInputStream(), onErrorLine,
                onBytes));
    }

    /** Makes the stream that reads a channel being opened (JSch's stream getters declare IOException). */
    private interface StreamOpener {
        SshLineStream open(ChannelExec channel) throws IOException;
    }

    private LineStream startStream(List<String> argv, StreamOpener opener) {
        if (argv.isEmpty()) throw new IllegalArgumentException("empty argv");
        // A new session (setsid) makes the command a process group leader whose pid we learn first,
        // so cancel can kill the whole group over a second channel: nothing is left running remotely.
        List<String> wrapped = new ArrayList<>(List.of("setsid", "-w", "sh", "-c", "echo $$; exec \"$@\"", "sh"));
        wrapped.addAll(argv);
        RoundTrips.count(name());
        acquireSlot(argv);
        try {
            SshLineStream[] holder = new SshLineStream[1];
            ChannelExec channel = openExec(ShellQuote.join(privileged(wrapped)), ch -> {
                ch.setInputStream(new ByteArrayInputStream(new byte[0]));
                holder[0] = opener.open(ch);
            });
            holder[0].start(channel);
            return holder[0];
        } catch (RuntimeException e) {
            channelSlots.release();
            throw e;
        }
    }

    /**
     * A line through {@code cat} over an exec channel of the open session (logging in first when needed, untimed):
     * the network and sshd, not a login or a process start.
     */
    @Override
    public Duration roundTrip() {
        acquireSlot(List.of("cat"));
        ChannelExec channel = null;
        try {
            InputStream[] fromNode = new InputStream[1];
            channel = openExec("cat", ch -> fromNode[0] = ch.getInputStream());
            ChannelExec open = channel;
            return EchoRoundTrip.measure(name(), channel.getOutputStream(), fromNode[0], options.connectTimeout(),
                    open::disconnect);
        } catch (IOException e) {
            throw new NodeException(name(), "no echo from " + name() + ": " + e.getMessage(), e);
        } finally {
            release(channel);
            channelSlots.release();
        }
    }

    /** Called by a finished stream: frees its channel. */
    void streamEnded(ChannelExec channel) {
        release(channel);
        channelSlots.release();
    }

    /** Kills a remote process group (bypasses the channel limit: it must work while streams hold every slot). */
    void killGroup(int pid) {
        ChannelExec channel = null;
        try {
            // SIGKILL is delivered at once but a process is gone only when reaped: wait (up to 2 s) for the group to
            // be gone, as Processes.killTree does here, so that whoever cancelled may count on nothing being left.
            // (env: the kill program; a shell's own kill may not take "--" before a group.)
            String kill = "env kill -KILL -- -$1 2>/dev/null; i=0; while env kill -0 -- -$1 2>/dev/null"
                    + " && [ $i -lt 200 ]; do sleep 0.01; i=$((i+1)); done; exit 0";
            channel = openExec(ShellQuote.join(privileged(List.of("sh", "-c", kill, "sh", String.valueOf(pid)))),
                    ch -> {
                        ch.setInputStream(new ByteArrayInputStream(new byte[0]));
                    });
            long deadline = System.nanoTime() + options.connectTimeout().toNanos();
            while (!channel.isClosed() && System.nanoTime() < deadline) Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            release(channel);
        }
    }

    @Override
    public synchronized void close() {
        if (session != null) session.disconnect();
        session = null;
    }

    @Override
    public String toString() { return name(); }
}
