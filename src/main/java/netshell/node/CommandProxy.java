package netshell.node;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;

import com.jcraft.jsch.Proxy;
import com.jcraft.jsch.SocketFactory;

/**
 * OpenSSH's ProxyCommand for JSch: the command (run by /bin/sh, as ssh does) is the connection;
 * its stdout carries the server's bytes and its stdin ours. %h, %p, %r, %n and %% are expanded, each value
 * quoted as one shell word, so a name can never add shell syntax to the command.
 */
final class CommandProxy implements Proxy {
    private final String template;
    private final String user;
    private final String alias;
    private Process process;

    CommandProxy(String template, String user, String alias) {
        this.template = template;
        this.user = user;
        this.alias = alias;
    }

    static String expand(String template, String host, int port, String user, String alias) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%' || i + 1 == template.length()) { out.append(c); continue; }
            char k = template.charAt(++i);
            switch (k) {
                case 'h' -> out.append(ShellQuote.quote(host));
                case 'p' -> out.append(port);
                case 'r' -> out.append(ShellQuote.quote(user));
                case 'n' -> out.append(ShellQuote.quote(alias));
                case '%' -> out.append('%');
                default -> out.append('%').append(k);
            }
        }
        return out.toString();
    }

    @Override
    public void connect(SocketFactory ignored, String host, int port, int timeout) throws Exception {
        String command = expand(template, host, port, user, alias);
        process = new ProcessBuilder(List.of("/bin/sh", "-c", "exec " + command))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    @Override
    public InputStream getInputStream() { return process.getInputStream(); }
    @Override
    public OutputStream getOutputStream() { return process.getOutputStream(); }
    @Override
    public Socket getSocket() { return null; }

    @Override
    public void close() {
        if (process != null) Processes.killTree(process.toHandle());
    }
}
