package netshell.shell;

/**
 * A stage of the output pipeline. Items are result objects (typed) or text lines (String);
 * a stage that needs text renders objects itself, so filters stream live where they can.
 */
interface Sink {
    void accept(Object item);

    /** The command ended: buffering stages (sort, tail, count) emit now. */
    void finish();
}
