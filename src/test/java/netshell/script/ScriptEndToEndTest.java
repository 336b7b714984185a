package netshell.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import netshell.lab.Lab;
import netshell.testing.NeedsRoot;
import netshell.testing.ShellProcess;
import netshell.testing.ShellProcess.Run;

/** ./shell FILE.groovy as a user runs it, and the promise that plain commands never load Groovy. */
class ScriptEndToEndTest {
    static Run shell(String... args) throws Exception { return ShellProcess.shell(args); }

    static Run shell(Map<String, String> env, String... args) throws Exception { return ShellProcess.shell(env, args); }

    @Test
    void cidrExplainedRunsGreenTwice() throws Exception {
        for (int i = 0; i < 2; i++) {
            Run r = shell(Map.of(), "--dry-run", "scripts/cidr-explained.groovy");
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().contains("✓ A plan without conflicts"), r.out());
            assertFalse(r.out().contains("✗"), r.out());
        }
    }

    @Test
    void aFailingScriptExitsNonZeroNamingTheStep() throws Exception {
        Path f = Files.createTempFile("nsg-fail", ".groovy");
        try {
            Files.writeString(f, "step('First') { }\nstep('Second') { sh 'nodes --on nosuchnode' }\n");
            Run r = shell(Map.of(), "--dry-run", f.toString());
            assertTrue(r.status() != 0, r.out());
            assertTrue(r.err().contains("step 'Second' failed"), r.err());
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void plainCommandsDoNotLoadGroovy() throws Exception {
        Run r = shell(Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load"), "-c", "net split 10.0.0.0/24 2");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("netshell.addr.math.SubnetRow"), "the class log is on");
        assertFalse(r.out().contains("groovy.lang.GroovyShell"), "GroovyShell loaded for net split");
        assertFalse(r.out().contains("netshell.script.LibLoader"), "lib files read for net split");
    }

    /** As root: a script brings up the lab it needs and runs on its nodes, without naming them. */
    @Test
    @NeedsRoot
    void aScriptBringsUpTheLabItNeeds() throws Exception {
        String name = "nsg-" + UUID.randomUUID().toString().substring(0, 6);
        Path f = Files.createTempFile("nsg-lab", ".groovy");
        try {
            Files.writeString(f, """
                    def (a, b) = need(2)
                    step('Underlay addresses') {
                        check a.output('ip -br addr show dev eth1').contains('192.168.56.10/24'), "$a has 192.168.56.10"
                        check b.run(['ping', '-c', '1', '-W', '2', '192.168.56.10']).ok(), "$b reaches $a"
                    }
                    """);
            Run r = shell(Map.of("NETSHELL_LAB", name), f.toString());
            assertEquals(0, r.status(), r.out() + r.err());
            assertTrue(r.out().contains("✓ Underlay addresses"), r.out());
        } finally {
            Files.deleteIfExists(f);
            new Lab(name).down();
        }
    }

    @Test
    void libCommandsFromNetshellLib() throws Exception {
        Run r = shell(Map.of("NETSHELL_LIB", Path.of("lib").toAbsolutePath().toString()), "-c", "http get --help");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("usage: http get URL"), r.out());
    }
}
