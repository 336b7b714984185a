package netshell;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import netshell.app.Launch;
import netshell.shell.Executor;

/**
 * Entry point: {@code netshell [options] [-c LINE | FILE.groovy ARGS…]}. main() only wires the real
 * streams; run() takes them as arguments and returns the exit code, so it is testable in-process.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int status = run(args, System.in, System.out, System.err, true);
        System.out.flush();
        System.exit(status);
    }

    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, boolean realTerminal) {
        Launch.Options options;
        try {
            options = Launch.Options.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            err.println("netshell: " + e.getMessage());
            err.println("usage: " + Launch.USAGE_LINE);
            return Executor.USAGE;
        }
        return new Launch(options, in, out, err, realTerminal).run();
    }
}
