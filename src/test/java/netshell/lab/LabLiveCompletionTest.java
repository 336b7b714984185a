package netshell.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.app.Commands;
import netshell.command.Session;
import netshell.command.Target;
import netshell.shell.ShellCompleter;

/** Tab after the live lab verbs: the verbs themselves, add or rm after 'lab link', node names where a node goes. */
class LabLiveCompletionTest {
    private static List<String> after(String... words) {
        Session session = Commands.plugIn(new Session(Commands.registry(), () -> Target.dryRun(2)));
        session.target();
        return new ShellCompleter(session).suggest(List.of(words)).stream().map(ShellCompleter.Suggestion::value)
                .toList();
    }

    @Test
    void theLiveVerbsTheirActionsAndNodesComplete() {
        assertTrue(after("lab").containsAll(List.of("add-node", "rm-node", "link")), after("lab").toString());
        assertTrue(after("lab", "link").containsAll(List.of("add", "rm")), after("lab", "link").toString());
        assertTrue(after("lab", "rm-node").containsAll(List.of("node1", "node2")), after("lab", "rm-node").toString());
        assertTrue(after("lab", "add-node", "web", "--link").containsAll(List.of("node1", "node2")),
                after("lab", "add-node", "web", "--link").toString());
        assertTrue(after("lab", "link", "add").containsAll(List.of("node1", "node2")),
                after("lab", "link", "add").toString());
    }
}
