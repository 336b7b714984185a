package netshell.overlay;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * The web server of a namespace "container": answers every GET with one line of text
 * (like the walkthrough's nginx index page "Hello from web1"). No dependency beyond the JDK.
 * Usage: java -cp netshell.jar netshell.overlay.HelloServer PORT TEXT
 */
public final class HelloServer {
    private HelloServer() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: HelloServer PORT TEXT");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        byte[] body = (args[1] + "\n").getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 128);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }
}
