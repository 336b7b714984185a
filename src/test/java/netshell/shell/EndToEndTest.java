package netshell.shell;

import java.util.Map;

import netshell.testing.ShellProcess;
import netshell.testing.ShellProcess.Run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Runs the real launcher ./shell as a subprocess, as a user would. */
class EndToEndTest {
    static Run shell(String... args) throws Exception { return ShellProcess.shell(args); }

    static Run shell(Map<String, String> env, String... args) throws Exception { return ShellProcess.shell(env, args); }

    @Test
    void quickStartLine() throws Exception {
        Run r = shell("-c", "net split 10.0.0.0/24 2");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("10.0.0.128/25  10.0.0.128  10.0.0.129  10.0.0.254  10.0.0.255     126"), r.out());
        assertTrue(!r.out().contains("\u001b["), "no colour codes when stdout is not a terminal");
    }

    @Test
    void replFedByAPipeWritesPlainText() throws Exception {
        Run r = ShellProcess.shellWithInput(Map.of("NO_COLOR", ""), "net split 10.0.0.0/24 2\nexit\n", "--dry-run");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("10.0.0.128/25  10.0.0.128"), r.out());
        assertTrue(!r.out().contains("\u001b["), "no colour codes: " + r.out());
    }

    @Test
    void exitCodesAndOneLineErrors() throws Exception {
        Run bad = shell("-c", "net split 10.0.0.0/24 3");
        assertEquals(2, bad.status());
        assertEquals("netshell: net split: 3 is not a power of two", bad.err().strip());
        Run usage = shell("--frobnicate");
        assertEquals(2, usage.status());
        assertTrue(usage.err().startsWith("netshell: unknown option '--frobnicate'"), usage.err());
        Run json = shell("--json", "-c", "net contains 10.0.0.0/25 10.0.0.130");
        assertEquals(0, json.status());
        assertTrue(json.out().contains("\"contains\": false"), json.out());
        Run version = shell("--version");
        assertTrue(version.out().startsWith("netshell "), version.out());
    }
}
