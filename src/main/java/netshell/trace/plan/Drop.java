package netshell.trace.plan;

/** Where the packet dies: node (or container), phase, direction, the reason, and the command that shows it. */
public record Drop(String at, String phase, String direction, String reason, String command) {
    static Drop of(Hop h) { return new Drop(h.at(), h.phase(), h.direction(), h.detail(), h.command()); }
}
