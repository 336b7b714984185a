package netshell.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import netshell.command.Args;
import netshell.command.CommandFailed;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.Param;
import netshell.command.Recorder;
import netshell.command.Session;
import netshell.command.Text;
import netshell.command.Verb;
import netshell.core.BadInput;

/**
 * {@code record FILE.md} writes a markdown transcript (each command, the Linux commands it ran when
 * explained, its output); {@code record FILE.groovy} writes a script that replays the session
 * ({@code line '…'} per line: replayed with {@code ./shell FILE.groovy}, each prints what it printed at the
 * prompt); {@code record stop} ends it. Each command is written as soon as it ends.
 */
public final class RecordCommand {
    /** An --explain/--dry-run line: {@code node1$ ip link add …}. */
    private static final Pattern EXPLAINED = Pattern.compile("^[A-Za-z0-9_.-]+\\$ .*");

    private RecordCommand() {}

    public static CommandSpec spec() {
        return CommandSpec.of("record",
                "record the session: a markdown transcript (FILE.md) or a replayable script (FILE.groovy)",
                Verb.of("", "start recording to FILE.md or FILE.groovy, or 'record stop'", RecordCommand::run,
                        Param.positional("file", "FILE.md, FILE.groovy, or stop").completes("file")).local());
    }

    static Object run(Args a, Context ctx) {
        String what = a.get("file");
        Session s = ctx.session();
        if (what.equals("stop")) {
            Recorder r = s.recorder();
            if (r == null) throw new BadInput("not recording (start with: record FILE.md or record FILE.groovy)");
            s.recorder(null);
            return new Text(r.close());
        }
        if (s.recorder() != null) throw new BadInput("already recording (record stop first)");
        Path file = Path.of(what);
        boolean markdown = what.endsWith(".md");
        if (!markdown && !what.endsWith(".groovy"))
            throw new BadInput("record to FILE.md (transcript) or FILE.groovy (script), not '" + what + "'");
        s.recorder(markdown ? new Markdown(file) : new Script(file));
        return new Text("recording to " + file + " ('record stop' ends it)");
    }

    /** Shared: an open file, written and flushed per command; commands of record itself are left out. */
    private abstract static class FileRecorder implements Recorder {
        private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY = PosixFilePermissions
                .asFileAttribute(PosixFilePermissions.fromString("rw-------"));

        final Path file;
        final Writer out;
        int commands;

        FileRecorder(Path file, String header) {
            this.file = file;
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) Files.createDirectories(parent);
                out = Channels.newWriter(open(file), StandardCharsets.UTF_8);
                write(header);
            } catch (IOException e) {
                throw new CommandFailed("cannot write " + file + ": " + e.getMessage());
            }
        }

        /**
         * The file for writing, as its owner's alone (0600: a transcript holds what nodes answered): never through a
         * symbolic link, which could point a root shell's transcript at any file of the machine.
         */
        private static FileChannel open(Path file) throws IOException {
            if (Files.isSymbolicLink(file)) {
                throw new BadInput(file + " is a symbolic link; record writes only to a regular file");
            }
            var options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
            FileChannel channel;
            try {
                channel = FileChannel.open(file, options, OWNER_ONLY);
            } catch (FileSystemException e) {
                // O_NOFOLLOW: a link put there since the check above fails to open (ELOOP).
                if (Files.isSymbolicLink(file)) {
                    throw new BadInput(file + " is a symbolic link; record writes only to a regular file");
                }
                throw e;
            }
            // An existing file keeps its mode through CREATE: narrow it to the owner too.
            var view = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            if (view != null) view.setPermissions(PosixFilePermissions.fromString("rw-------"));
            return channel;
        }

        @Override
        public synchronized void record(String source, List<String> lines, int status) {
            String line = source.strip();
            if (line.equals("record") || line.startsWith("record ")) return;
            commands++;
            write(entry(line, lines, status));
        }

        abstract String entry(String source, List<String> lines, int status);

        void write(String text) {
            try {
                out.write(text);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public synchronized String close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return "recorded " + commands + " command(s) to " + file;
        }

        static String now() {
            return LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 19);
        }
    }

    private static final class Markdown extends FileRecorder {
        Markdown(Path file) { super(file, "# netshell session, " + now() + "\n"); }

        @Override
        String entry(String source, List<String> lines, int status) {
            StringBuilder sb = new StringBuilder("\n## `").append(source.replace("`", "'")).append("`\n");
            List<String> explained = lines.stream().filter(l -> EXPLAINED.matcher(l).matches()).toList();
            List<String> output = lines.stream().filter(l -> !EXPLAINED.matcher(l).matches()).toList();
            if (!explained.isEmpty())
                sb.append("\nLinux commands:\n\n```sh\n").append(String.join("\n", explained)).append("\n```\n");
            if (!output.isEmpty()) sb.append("\n```text\n").append(String.join("\n", output)).append("\n```\n");
            if (status != 0) sb.append("\nexit status ").append(status).append('\n');
            return sb.toString();
        }
    }

    private static final class Script extends FileRecorder {
        Script(Path file) {
            super(file, "// netshell session, " + now() + ": replay with ./shell " + file.getFileName() + "\n");
        }

        @Override
        String entry(String source, List<String> lines, int status) {
            // line '…' runs the text as the prompt did and prints what the prompt printed.
            String call = "line '" + source.replace("\\", "\\\\").replace("'", "\\'") + "'";
            // A line that failed is kept for the record but not replayed.
            return (status == 0 ? call : "// exit " + status + ": " + call) + "\n";
        }
    }
}
