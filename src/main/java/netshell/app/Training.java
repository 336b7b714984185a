package netshell.app;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import netshell.Main;

/**
 * The class-data-sharing training run: the launcher runs this once per jar with -XX:ArchiveClassesAtExit,
 * so that the archive holds the classes of what users do most — a one-shot command with JSON, a REPL on a
 * dumb terminal with a Groovy line, a Groovy -c line, a one-line script, help with the lib commands. Dry run only:
 * it touches no node and no lab.
 */
public final class Training {
    private Training() {}

    public static void main(String[] args) throws Exception {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Main.run(new String[]{"--dry-run", "-c",
                "net split 10.0.0.0/24 2; net info 10.0.0.1/24 | json; net diagram 10.0.0.0/24 2 | count; help"},
                noInput(), sink, sink, false);
        Main.run(new String[]{"--dry-run", "-c", "x = 2 + 2; println x"}, noInput(), sink, sink, false); // Groovy -c
        Path script = Files.createTempFile("netshell-training", ".groovy");
        try {
            Files.writeString(script,
                    "say 'training'\nstep('split') { show net.split('10.0.0.0/24', 2) }\nsh 'net info 10.0.0.1/24'\n");
            Main.run(new String[]{"--dry-run", script.toString()}, noInput(), sink, sink, false);
        } finally {
            Files.deleteIfExists(script);
        }
        String repl = "net split 10.0.0.0/24 2\nx = net.split('10.0.0.0/24', 2)\nx.size()\nexit\n";
        Main.run(new String[]{"--dry-run"}, new ByteArrayInputStream(repl.getBytes(StandardCharsets.UTF_8)), sink, sink,
                false);
        System.exit(0);
    }

    private static ByteArrayInputStream noInput() {
        return new ByteArrayInputStream(new byte[0]);
    }
}
