package netshell.runtime.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import groovy.json.JsonSlurper;

/**
 * Asks a Docker engine on this machine for its version straight over its Unix socket ({@code GET /version}): the
 * answer says the engine is up, in well under a millisecond, where each {@code docker version} is a client process
 * of some 15 ms. Used for the lab's own engines, whose sockets are files of this machine.
 */
public final class DockerSocket {
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(2);

    private DockerSocket() {}

    /** The socket path of a {@code unix://PATH} DOCKER_HOST. */
    public static Path path(String dockerHost) {
        return Path.of(dockerHost.startsWith("unix://") ? dockerHost.substring("unix://".length()) : dockerHost);
    }

    /** The engine's server version, or empty when nothing answers on the socket. */
    public static Optional<String> version(Path socket) {
        if (!Files.exists(socket)) return Optional.empty();
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                Selector selector = Selector.open()) {
            ch.write(ByteBuffer
                    .wrap("GET /version HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            long deadline = System.nanoTime() + ANSWER_WITHIN.toNanos();
            while (true) { // HTTP/1.0: the engine closes the connection after its answer
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) return Optional.empty(); // an engine that hangs is not up
                selector.select(left);
                selector.selectedKeys().clear();
                int n = ch.read(buf);
                if (n < 0) break;
                got.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return versionOf(got.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty(); // no engine listening (refused), or it went away mid-answer
        }
    }

    /** The top-level "Version" of a {@code /version} HTTP answer; empty for anything but a 200 with JSON. */
    static Optional<String> versionOf(String response) {
        int body = response.indexOf("\r\n\r\n");
        if (!response.startsWith("HTTP/1.") || !response.contains(" 200 ") || body < 0) return Optional.empty();
        try {
            Object json = new JsonSlurper().parseText(response.substring(body + 4));
            return json instanceof Map<?, ?> m && m.get("Version") instanceof String v && !v.isBlank()
                    ? Optional.of(v)
                    : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
