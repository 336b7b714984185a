package netshell.script;

import java.io.Writer;
import java.util.function.Consumer;

/** A Writer that hands each complete line to a printer: println in a script prints through the host. */
final class LineWriter extends Writer {
    private final Consumer<String> printer;
    private final StringBuilder pending = new StringBuilder();

    LineWriter(Consumer<String> printer) {
        this.printer = printer;
    }

    @Override
    public synchronized void write(char[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            char c = buf[i];
            if (c == '\n') {
                printer.accept(pending.toString());
                pending.setLength(0);
            } else if (c != '\r') {
                pending.append(c);
            }
        }
    }

    @Override
    public synchronized void flush() {}

    @Override
    public synchronized void close() {
        if (pending.length() > 0) printer.accept(pending.toString());
        pending.setLength(0);
    }
}
