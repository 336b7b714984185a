package netshell.lb.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names of the iptables chains netshell owns. Everything starts with {@link #PREFIX} so that
 * show/delete find exactly our chains. Per-service and per-backend chains carry a short hash of
 * what they serve, so the name is stable across runs and stays within iptables' 28 characters.
 */
public final class ChainNames {
    private ChainNames() {}

    public static final String PREFIX = "NETSHELL-";
    public static final String SERVICES = "NETSHELL-SERVICES";
    public static final String POSTROUTING = "NETSHELL-POSTROUTING";
    public static final String FORWARD = "NETSHELL-FORWARD";
    public static final String SERVICE_PREFIX = "NETSHELL-SVC-";
    public static final String BACKEND_PREFIX = "NETSHELL-SEP-";

    /**
     * The state group holding our chains of {@code table} (with the built-in chains that jump to them): what a
     * load-balancer change is snapshotted by, so its cost does not grow with a node's other rules.
     */
    public static String stateGroup(boolean v6, String table) {
        return (v6 ? "ipt6." : "ipt4.") + table + "~" + PREFIX;
    }
    /** iptables rejects longer chain names (XT_EXTENSION_MAXNAMELEN minus the NUL). */
    public static final int MAX_LENGTH = 28;

    private static final int HASH_CHARS = 12;

    public static String service(ServiceSpec spec) {
        return SERVICE_PREFIX + hash(spec.key());
    }

    /** Keyed by service and backend, so a backend shared by two services gets two chains. */
    public static String backend(ServiceSpec spec, Endpoint backend) {
        return BACKEND_PREFIX + hash(spec.key() + " -> " + backend);
    }

    public static boolean isOurs(String chain) {
        return chain != null && chain.startsWith(PREFIX);
    }

    /** Service and backend chains: the ones that come and go with services. */
    public static boolean isPerService(String chain) {
        return chain.startsWith(SERVICE_PREFIX) || chain.startsWith(BACKEND_PREFIX);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
