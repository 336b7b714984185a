package netshell.core;

import java.util.Set;

/**
 * A result record some of whose components only some setups have (a dual-stack overlay's IPv6 address): tables
 * and JSON leave those components out when they are null, so output without them stays as it was.
 */
public interface OptionalColumns {
    /** Names of the record components left out when null. */
    Set<String> optionalColumns();
}
