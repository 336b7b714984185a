package netshell.lb;

import java.util.ArrayList;
import java.util.List;

import netshell.command.Context;
import netshell.lb.rules.Endpoint;
import netshell.node.ExecResult;
import netshell.node.Node;

/**
 * Real HTTP requests from a node with curl. {@link #answers} makes N requests in ONE curl process,
 * each on a new connection ("Connection: close"), so every request is a new DNAT decision without
 * paying for N process starts; a marker line written after each transfer separates the answers.
 */
final class LbProbe {
    private LbProbe() {}

    static final String MARKER = "#netshell-answer ";
    static final String NO_ANSWER = "(no answer)";

    /** One body (stripped) per request, in order; {@link #NO_ANSWER} with the HTTP code for a failed one. */
    static List<String> answers(Context ctx, Node from, Endpoint target, int n) {
        var argv = new ArrayList<>(
                List.of("curl", "-s", "-H", "Connection: close", "--connect-timeout", "1", "--max-time", "2",
                        "-w", "\n" + MARKER + "%{http_code}\n"));
        String url = "http://" + target + "/";
        if (target.isV6()) argv.add(1, "-g"); // [v6] is a URL, not one of curl's glob ranges
        for (int i = 0; i < n; i++) argv.add(url);
        // curl's exit status is that of the last transfer: read the markers instead
        ExecResult r = ctx.read(from, argv);
        return parse(r.stdout());
    }

    /** Splits curl's output at the markers; public for tests of odd bodies. */
    static List<String> parse(String out) {
        var answers = new ArrayList<String>();
        var body = new StringBuilder();
        for (String line : out.split("\n", -1)) {
            if (line.startsWith(MARKER)) {
                String code = line.substring(MARKER.length()).strip();
                String text = body.toString().strip();
                answers.add(code.startsWith("2") && !text.isEmpty() ? text : NO_ANSWER + " " + code);
                body.setLength(0);
            } else {
                body.append(line).append('\n');
            }
        }
        return answers;
    }

    /** One probe of one backend: HTTP status, or curl's reason for failing. */
    record Check(String node, String backend, boolean up, String reason) {}

    static Check check(Context ctx, Node from, Endpoint backend) {
        ExecResult r = ctx.read(from, "curl", "-s", "-g", "-o", "/dev/null", "--connect-timeout", "1", "--max-time",
                "2",
                "-w", "%{http_code} %{errormsg}", "http://" + backend + "/");
        String out = r.stdout().strip();
        String code = out.isEmpty() ? "000" : out.split(" ", 2)[0];
        String msg = out.contains(" ") ? out.split(" ", 2)[1].strip() : "";
        if (r.ok() && !code.equals("000"))
            return new Check(from.name(), backend.toString(), code.startsWith("2") || code.startsWith("3"),
                    "HTTP " + code);
        return new Check(from.name(), backend.toString(), false,
                (msg.isEmpty() ? "curl failed" : msg) + " (curl exit " + r.exit() + ")");
    }
}
