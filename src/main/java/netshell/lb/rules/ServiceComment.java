package netshell.lb.rules;

import java.util.Optional;

/**
 * Reads back the comments we put on rules: {@code netshell:VIP:PORT/PROTO} on a service's rules and
 * {@code netshell:VIP:PORT/PROTO -> ADDR:PORT} on a backend's. They are what makes the kernel the only
 * record of the desired services: no state file, nothing to get out of step.
 */
public record ServiceComment(Endpoint vip, String proto, Endpoint backend) {
    private static final String PREFIX = IptablesRules.TAG + ":";
    private static final String ARROW = " -> ";

    /** Empty for comments that are not ours or do not parse (a foreign rule, a bare jump tag). */
    public static Optional<ServiceComment> parse(String comment) {
        if (comment == null || !comment.startsWith(PREFIX)) return Optional.empty();
        String rest = comment.substring(PREFIX.length());
        Endpoint backend = null;
        int arrow = rest.indexOf(ARROW);
        try {
            if (arrow >= 0) {
                backend = Endpoint.parse(rest.substring(arrow + ARROW.length()));
                rest = rest.substring(0, arrow);
            }
            int slash = rest.lastIndexOf('/');
            if (slash < 0) return Optional.empty();
            String proto = rest.substring(slash + 1);
            if (Proto.of(proto).isEmpty()) return Optional.empty();
            return Optional.of(new ServiceComment(Endpoint.parse(rest.substring(0, slash)), proto, backend));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code 10.0.0.100:80/tcp}, as {@link ServiceSpec#key()}. */
    public String key() { return vip + "/" + proto; }
}
