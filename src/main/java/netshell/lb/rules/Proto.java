package netshell.lb.rules;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The transport protocols a service balances; its label is how rules, comments and the user spell it. */
public enum Proto {
    TCP, UDP;

    public static final Proto DEFAULT = TCP;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The protocol a word names ("tcp", "udp"), if any. */
    public static Optional<Proto> of(String word) {
        return Arrays.stream(values()).filter(p -> p.label().equals(word)).findFirst();
    }

    public boolean is(String word) {
        return label().equals(word);
    }

    public static String[] labels() {
        return Arrays.stream(values()).map(Proto::label).toArray(String[]::new);
    }
}
