package netshell.command;

import java.util.List;

/** Receives every command the shell executes while {@code record} is on: its source line, printed lines and status. */
public interface Recorder {
    void record(String source, List<String> lines, int status);

    /** Ends the recording; returns a one-line summary. */
    String close();
}
