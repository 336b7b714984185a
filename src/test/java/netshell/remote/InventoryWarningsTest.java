package netshell.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.command.Target;
import netshell.testing.TestShell;

/** An inventory that turns host-key checking off (as vagrant ssh-config writes) says so, once per session. */
class InventoryWarningsTest {
    @Test
    void hostKeyCheckingOffIsWarnedAboutOnce() {
        List<String> notices = new ArrayList<>();
        try (TestShell shell = TestShell.on(Target.dryRun(1))) {
            shell.session().notices(notices::add);
            for (int i = 0; i < 2; i++) {
                TestShell.Run r = shell.run("inventory load src/test/resources/inventory/vagrant.ssh");
                assertEquals(0, r.status(), r.err());
            }
            assertEquals(0, shell.run("inventory load src/test/resources/inventory/ansible.ini").status());
        }
        assertEquals(List.of("vagrant.ssh: host-key checking is off for node1, node2 (UserKnownHostsFile /dev/null "
                + "with StrictHostKeyChecking no): any key is accepted, so a man in the middle would go unnoticed; "
                + "point UserKnownHostsFile at a real file to check them"), notices);
    }
}
