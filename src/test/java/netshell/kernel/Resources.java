package netshell.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test resources captured from real namespaces. */
public final class Resources {
    private Resources() {}

    public static String read(String path) {
        try (InputStream in = Resources.class.getResourceAsStream("/golden/" + path)) {
            if (in == null) throw new IllegalArgumentException("missing resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
