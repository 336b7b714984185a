package netshell.command;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import netshell.node.Node;

/** What the framework knows of an embedded lab: its name and its nodes (the lab feature owns the rest). */
public interface LabHandle {
    String name();

    List<Node> nodes();

    /**
     * Whether a word would name nodes of the lab once it is up (node3, node[1-2]): a line starting with it is then a
     * node command, which says that the lab is not up.
     */
    boolean mayName(String word);

    /** What a command that needs nodes is told while the lab has none, with how to bring it up. */
    String notUp();

    /** The ssh_config that reaches the lab's nodes over SSH (lab up --ssh), if it has one. */
    default Optional<Path> sshInventory() {
        return Optional.empty();
    }
}
