package netshell.remote;

import netshell.command.LiveSource;

/** What pingall and iperf complete: a node or a container. */
final class ReachCompletions {
    private ReachCompletions() {}

    static final LiveSource ENDPOINT = LiveSource.union("endpoint", java.util.List.of(), "node", "container");
}
