package netshell.command;

import java.util.List;
import java.util.Map;

import netshell.node.ShellQuote;

/** One Linux command as --explain and --dry-run show it: {@code node1$ ip link add vxlan0 type vxlan id 100 …}. */
public record Explained(String node, List<String> argv, String stdin, boolean read) implements Displayable {
    @Override
    public String text() {
        String line = node + "$ " + ShellQuote.join(argv);
        if (stdin != null) line += " <<'EOF'\n" + stdin.stripTrailing() + "\nEOF";
        return read ? line + "    # read" : line;
    }

    @Override
    public Object data() {
        return Map.of("node", node, "command", ShellQuote.join(argv), "stdin", stdin == null ? "" : stdin,
                "read", read);
    }
}
