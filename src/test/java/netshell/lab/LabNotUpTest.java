package netshell.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import netshell.command.Target;
import netshell.testing.TestShell;

/** A command that needs nodes, on a lab that does not exist yet, says how to bring it up (exit 2). */
class LabNotUpTest {
    @Test
    void saysLabUp() {
        try (TestShell shell = TestShell.on(Target.lab(new Lab("nsnotup-" + ProcessHandle.current().pid()), null))) {
            for (String line : new String[]{"vxlan create", "node1 ip -br addr", "all true", "doctor"}) {
                TestShell.Run r = shell.run(line);
                assertEquals(2, r.status(), line);
                assertEquals(true, r.err().contains("is not up: run 'lab up'"), line + ": " + r.err());
            }
            assertEquals(0, shell.run("net split 10.0.0.0/24 2").status(), "commands without nodes still work");
        }
    }
}
