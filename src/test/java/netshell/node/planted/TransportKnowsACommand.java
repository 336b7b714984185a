package netshell.node.planted;

/** Planted for ArchitectureTest: a transport using the command framework (nodesKnowNoCommand must fail on it). */
public class TransportKnowsACommand {
    Object command = netshell.command.ApplyReport.class;
}
