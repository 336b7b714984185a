package netshell.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netshell.kernel.Resources;

class DockerSocketTest {
    @Test
    void readsTheEngineVersionFromItsAnswer() {
        // A lab engine's answer to GET /version (docker.io 20.10), captured over its socket.
        String answer = Resources.read("docker/version-response.http");
        assertEquals(Optional.of("20.10.24+dfsg1"), DockerSocket.versionOf(answer));
    }

    @Test
    void anythingButAVersionAnswerIsNoEngine() {
        assertEquals(Optional.empty(), DockerSocket.versionOf(""));
        assertEquals(Optional.empty(), DockerSocket.versionOf("HTTP/1.0 404 Not Found\r\n\r\n{\"message\":\"x\"}"));
        assertEquals(Optional.empty(), DockerSocket.versionOf("HTTP/1.0 200 OK\r\n\r\nnot json"));
        assertEquals(Optional.empty(), DockerSocket.versionOf("HTTP/1.0 200 OK\r\n\r\n{\"Components\":[]}"));
    }

    @Test
    void noSocketNoEngine(@TempDir Path dir) {
        assertEquals(Optional.empty(), DockerSocket.version(dir.resolve("docker.sock")));
        assertEquals(Path.of("/run/x/docker.sock"), DockerSocket.path("unix:///run/x/docker.sock"));
    }
}
