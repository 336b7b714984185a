package netshell.web.feed;

/**
 * One server-sent event as the stream carries it: {@code event: NAME}, one {@code data:} line per line of the
 * payload (a newline inside would otherwise end the field), and a blank line.
 */
public record SseEvent(String name, String data) {
    public SseEvent {
        if (name.isEmpty() || name.contains("\n") || name.contains("\r"))
            throw new IllegalArgumentException("event name: " + name);
    }

    public String text() {
        StringBuilder sb = new StringBuilder("event: ").append(name).append('\n');
        for (String line : data.split("\r\n|\r|\n", -1)) sb.append("data: ").append(line).append('\n');
        return sb.append('\n').toString();
    }
}
