package netshell.command;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import netshell.node.Node;

/** What the framework knows of an embedded lab: its name and its nodes (the lab feature owns the rest). */
public interface LabHandle {
    String name();

    List<Node> nodes();

    /** The ssh_config that reaches the lab's nodes over SSH (lab up --ssh), if it has one. */
    default Optional<Path> sshInventory() {
        return Optional.empty();
    }
}
