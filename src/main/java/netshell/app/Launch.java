package netshell.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;

import netshell.change.ChangeCommands;
import netshell.command.Context;
import netshell.command.Session;
import netshell.command.Target;
import netshell.lab.Lab;
import netshell.lab.LabCommands;
import netshell.node.Fleet;
import netshell.node.Inventory;
import netshell.node.Prompter;
import netshell.node.SshDebugLog;
import netshell.node.ShellQuote;
import netshell.node.SshNode;
import netshell.script.Scripting;
import netshell.shell.Executor;
import netshell.shell.Invoker;
import netshell.shell.Repl;
import netshell.shell.ShellCompleter;
import netshell.shell.Style;
import netshell.shell.TerminalPrompter;

/** One start of netshell: options → session → REPL, one line (-c) or a script. */
public final class Launch {
    public static final String USAGE_LINE = "netshell [-i FILE | --lab | --dry-run] [--json] [--no-color] [--debug]"
            + " [-c LINE | FILE.groovy [ARGS…]]";

    /** The command-line options of netshell itself. */
    public record Options(String inventory, boolean lab, boolean dryRun, boolean json, boolean noColor, boolean debug,
            boolean version, boolean help, boolean acceptNewHostKeys, String line, String script,
            List<String> scriptArgs) {
        public static Options parse(List<String> args) {
            String inventory = null, line = null, script = null;
            boolean lab = false, dryRun = false, json = false, noColor = false, debug = false, version = false,
                    help = false, accept = false;
            List<String> scriptArgs = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (script != null) { scriptArgs.add(a); continue; }
                switch (a) {
                    case "-i", "--inventory" -> inventory = value(args, ++i, a);
                    case "-c" -> line = value(args, ++i, a);
                    case "--lab" -> lab = true;
                    case "--dry-run" -> dryRun = true;
                    case "--json" -> json = true;
                    case "--no-color" -> noColor = true;
                    case "--debug" -> debug = true;
                    case "--version" -> version = true;
                    case "-h", "--help" -> help = true;
                    case "--accept-new-host-keys" -> accept = true;
                    default -> {
                        if (a.startsWith("-")) throw new IllegalArgumentException("unknown option '" + a + "'");
                        script = a;
                    }
                }
            }
            if (line != null && script != null)
                throw new IllegalArgumentException("give -c LINE or a script, not both");
            if (inventory != null && (lab || dryRun))
                throw new IllegalArgumentException("-i, --lab and --dry-run choose the target: give one");
            if (lab && dryRun)
                throw new IllegalArgumentException("-i, --lab and --dry-run choose the target: give one");
            return new Options(inventory, lab, dryRun, json, noColor, debug, version, help, accept, line, script,
                    scriptArgs);
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size()) throw new IllegalArgumentException(option + " needs a value");
            return args.get(i);
        }
    }

    private final Options options;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean realTerminal;
    private Session session;

    public Launch(Options options, InputStream in, PrintStream out, PrintStream err, boolean realTerminal) {
        this.options = options;
        this.in = in;
        this.out = out;
        this.err = err;
        this.realTerminal = realTerminal;
    }

    public int run() {
        if (options.help()) {
            out.println("usage: " + USAGE_LINE);
            out.println("""

                    netshell is a shell for network work across nodes: SSH machines (-i inventory), an embedded
                    lab of network namespaces (--lab, the default as root on Linux) or a dry run (--dry-run).
                    With no -c and no script it opens the interactive REPL; type 'help' there.

                      -i, --inventory FILE     an ssh_config (vagrant ssh-config) or an Ansible inventory (INI,
                                               YAML, a dynamic inventory script, or a directory of them)
                      --lab                    the embedded namespace lab on this machine
                      --dry-run                run nothing, print what would run
                      -c LINE                  run one line (pipes and redirects included) and exit
                      --json                   print results as JSON
                      --no-color               no colour (also: NO_COLOR=1)
                      --accept-new-host-keys   trust and remember SSH host keys seen for the first time
                      --debug                  show stack traces of internal errors and the SSH conversation
                                               (key exchange, host key, authentications tried) on stderr
                      --version                print the version

                    Exit codes: 0 success, 1 a command failed (on any node), 2 usage error or bad input.
                    ./shell test installs what the tests need and runs them.""");
            return Executor.OK;
        }
        if (options.version()) {
            out.println("netshell " + version());
            return Executor.OK;
        }
        if (options.debug()) SshDebugLog.to(err);
        Session session = Commands.session(() -> chooseTarget(this.session));
        this.session = session;
        session.notices(line -> err.println("netshell: " + line));
        Invoker invoker = newInvoker(session);
        Style plainOrColour = Style.detect(options.noColor(), realTerminal && isTerminal());
        Scripting.install(session, invoker, plainOrColour);
        if (options.script() != null && !isScriptFile(options.script())
                && session.registry().find(options.script()).isPresent()) {
            // ./shell net split 10.0.0.0/24 2: the first word is a command, so the words are a line, as with -c.
            List<String> words = new ArrayList<>(List.of(options.script()));
            words.addAll(options.scriptArgs());
            return runLine(session, invoker, plainOrColour, ShellQuote.join(words));
        }
        if (options.script() != null) {
            return Scripting.runFile(session, invoker, options.script(), options.scriptArgs(), out, err, plainOrColour,
                    options.debug());
        }
        if (options.line() != null) return runLine(session, invoker, plainOrColour, options.line());
        return repl(session, invoker);
    }

    /** -c LINE: the same language as the prompt, Groovy included. */
    private int runLine(Session session, Invoker invoker, Style style, String line) {
        Scripting.lineGroovy(session, invoker, out, style);
        Executor executor = new Executor(invoker, out, err, style, options.json());
        executor.debug(options.debug());
        return executor.execute(line);
    }

    private static boolean isScriptFile(String arg) {
        return arg.endsWith(".groovy") || Files.isRegularFile(Path.of(arg));
    }

    /** The shell's invoker; every change it runs is journalled and may be armed with --confirm. */
    public static Invoker newInvoker(Session session) {
        ChangeCommands.guard(session); // journals every change, arms --confirm
        return new Invoker(session);
    }

    /** -i FILE, --lab, --dry-run; without any: the lab as root on Linux, else a dry run. */
    private Target chooseTarget(Session session) {
        if (options.inventory() != null) {
            Inventory inv = Inventory.load(Path.of(options.inventory()));
            inv.warnings().forEach(session::noticeOnce);
            // Asks through whatever prompter the session has when SSH needs it (the REPL's terminal, or refusal).
            Prompter asking = new Prompter() {
                @Override
                public String askSecret(String prompt) { return session.prompter().askSecret(prompt); }
                @Override
                public boolean confirm(String prompt) { return session.prompter().confirm(prompt); }
                @Override
                public String choose(String prompt, String choices) {
                    return session.prompter().choose(prompt, choices);
                }
                @Override
                public boolean interactive() { return session.prompter().interactive(); }
            };
            SshNode.Options ssh = SshNode.Options.defaults().withAcceptNewHostKeys(options.acceptNewHostKeys())
                    .withPrompter(Prompter.caching(asking));
            return Target.inventory(Fleet.of(inv, ssh));
        }
        if (options.dryRun()) return Target.dryRun(2, "dry run: nothing runs; commands print what they would do");
        boolean rootOnLinux = System.getProperty("os.name").toLowerCase().contains("linux") && isRoot();
        if (options.lab() || rootOnLinux) {
            Lab lab = new Lab(LabCommands.defaultName());
            String notice = options.lab()
                    ? null
                    : lab.exists()
                            ? "no inventory: using the embedded lab '" + lab.name() + "' (" + lab.nodes().size()
                                    + " nodes)"
                            : "no inventory: using the embedded lab '" + lab.name()
                                    + "', not up yet ('lab up' creates it)";
            return Target.lab(lab, notice);
        }
        return Target.dryRun(2, "no inventory and not root on Linux: dry run (give -i FILE to reach real nodes)");
    }

    private static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (Exception e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private int repl(Session session, Invoker invoker) {
        session.inRepl(true);
        try (Terminal terminal = realTerminal
                ? TerminalBuilder.builder().system(true).jni(true).jansi(false).build()
                : new DumbTerminal("netshell", Terminal.TYPE_DUMB, in, out,
                        StandardCharsets.UTF_8)) {
            PrintStream termOut = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
            session.notices(line -> termOut.println("netshell: " + line));
            session.prompter(new TerminalPrompter(terminal));
            session.target(); // the REPL shows its target in the prompt
            LiveCompletions.attach(session, Duration.ofSeconds(5));
            // Colour on a real terminal only: a REPL fed by a pipe (a dumb terminal) writes plain text.
            boolean dumb = Terminal.TYPE_DUMB.equals(terminal.getType())
                    || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
            Style style = Style.detect(options.noColor(), realTerminal && !dumb);
            Executor executor = new Executor(invoker, termOut, termOut, style, options.json());
            executor.debug(options.debug());
            // Lines that are no command and no node are Groovy; Groovy loads in the background after the prompt.
            Runnable warmUp = Scripting.replGroovy(session, invoker, termOut, style, session::notice);
            Path history = Path.of(System.getProperty("user.home"), ".netshell_history");
            return new Repl(executor, terminal, history, () -> "netshell[" + session.promptLabel() + "]> ",
                    new ShellCompleter(session), warmUp).run();
        } catch (IOException e) {
            err.println("netshell: cannot open the terminal: " + e.getMessage());
            return Executor.FAILED;
        }
    }

    private static boolean isTerminal() { return System.console() != null; }

    static String version() {
        String v = Launch.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }
}
