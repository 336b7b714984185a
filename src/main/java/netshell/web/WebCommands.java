package netshell.web;

import java.io.File;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import netshell.command.Args;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.Displayable;
import netshell.command.Param;
import netshell.command.Session;
import netshell.command.Text;
import netshell.command.Verb;
import netshell.core.BadInput;

/**
 * {@code web [--port 8080] [--bind 127.0.0.1] [--open]} starts the live page (at the prompt it serves beside it;
 * {@code web} again shows the URL, {@code web stop} ends it); in a one-shot ({@code ./shell -c web}) it serves
 * until interrupted. Nothing of it exists until it is started: no thread, no port.
 */
public final class WebCommands {
    private static final Map<Session, WebServer> RUNNING = Collections.synchronizedMap(new WeakHashMap<>());

    private WebCommands() {}

    /** Where the page is served, and by whom it may be seen. */
    public record Serving(String url, boolean tokenRequired, int pages, String note) implements Displayable {
        @Override
        public String text() {
            return "serving " + url + (tokenRequired
                    ? " (the token in it is required: share it only with viewers)"
                    : " (loopback only)") + "; read-only; " + pages + " page(s) open; 'web stop' ends it"
                    + (note == null ? "" : "\n" + note);
        }

        @Override
        public Object data() { return this; }
    }

    public static CommandSpec spec() {
        return CommandSpec.of("web",
                "a live page for teaching: the topology, rates on links and tunnels, each command with its Linux "
                        + "commands",
                Verb.of("", "start the page (or show its URL); 'web stop' ends it", WebCommands::run,
                        Param.optionalPositional("action", "stop: end the page's server").choices("stop"),
                        Param.option("port", "the TCP port (0: any free one)").defaultValue("8080"),
                        Param.option("bind", "the address to listen on; other than loopback, a token is required")
                                .defaultValue("127.0.0.1"),
                        Param.flag("open", "open the page in this machine's browser (xdg-open)"))
                        .details("""
                                The page is read-only: it shows, it never runs a command.
                                Examples: web
                                          web --port 0 --open
                                          web --bind 0.0.0.0 --port 8080   (prints a URL with its token)
                                          web stop""")
                        .local());
    }

    static Object run(Args a, Context ctx) throws InterruptedException {
        Session session = ctx.session();
        if ("stop".equals(a.get("action"))) return stop(session);
        WebServer running = RUNNING.get(session);
        if (running != null) return new Serving(running.url(), running.guarded(), running.pages(), null);
        WebServer server = WebServer.start(session, a.get("bind"), port(a.get("port")));
        RUNNING.put(session, server);
        String note = a.flag("open") ? open(server.url()) : null;
        Serving serving = new Serving(server.url(), server.guarded(), 0, note);
        if (session.inRepl()) return serving;
        // A one-shot: the process would end with this command, so it serves until interrupted.
        ctx.emit(new Text(serving.text().replace("'web stop' ends it", "Ctrl-C ends it")));
        try {
            while (true) Thread.sleep(1000);
        } finally {
            stop(session);
        }
    }

    private static Text stop(Session session) {
        WebServer server = RUNNING.remove(session);
        if (server == null) throw new BadInput("no page is being served (start one with: web)");
        server.stop();
        return new Text("stopped serving " + server.url());
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) return port;
        } catch (NumberFormatException e) {
            // below
        }
        throw new BadInput("--port " + text + ": a TCP port is 0-65535 (0: any free one)");
    }

    /** Opens the URL in a browser if this machine has an opener; else says so, in one line. */
    private static String open(String url) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, "xdg-open").canExecute()) {
                try {
                    new ProcessBuilder("xdg-open", url).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    return "opened in a browser";
                } catch (IOException e) {
                    return "could not open a browser: " + e.getMessage();
                }
            }
        }
        return "no browser opener here (xdg-open): open the URL yourself";
    }
}
