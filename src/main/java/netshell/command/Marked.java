package netshell.command;

import java.util.List;

/** A result that can be drawn on the topology (doctor's findings, pingall's pairs, a trace's path). */
public interface Marked {
    /** What made the marks (doctor, pingall, trace): a newer result of the same source replaces them. */
    String markSource();

    List<Mark> marks();
}
