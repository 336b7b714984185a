package netshell.node;

import java.util.List;

/** This machine: each argv is a direct child process (no shell involved). */
public final class LocalNode extends ProcessNode {
    public LocalNode(String name) { this(name, "", null); }

    public LocalNode(String name, String address, String underlay) { super(name, address, underlay); }

    @Override
    List<String> command(List<String> argv) { return argv; }

    @Override
    public Transport kind() { return Transport.LOCAL; }

    @Override
    public boolean onThisMachine() { return true; }
}
