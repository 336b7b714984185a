package netshell.lb.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Golden files under src/test/resources/netshell/net/lb, and the service they were made from. */
final class Golden {
    private Golden() {}

    static final Endpoint VIP = Endpoint.parse("192.168.10.10:80");
    static final List<Endpoint> BACKENDS = List.of(
            Endpoint.parse("10.0.0.2:80"), Endpoint.parse("10.0.0.3:80"), Endpoint.parse("10.0.0.4:8080"));

    static ServiceSpec service(int backends) {
        return new ServiceSpec(VIP, "tcp", new ArrayList<>(BACKENDS.subList(0, backends)));
    }

    static String read(String name) {
        try (InputStream in = Golden.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing golden file " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
