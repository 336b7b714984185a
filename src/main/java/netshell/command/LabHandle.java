package netshell.command;

import java.util.List;

import netshell.node.Node;

/** What the framework knows of an embedded lab: its name and its nodes (the lab feature owns the rest). */
public interface LabHandle {
    String name();

    List<Node> nodes();
}
