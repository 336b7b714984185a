package netshell.shell;

import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;

/**
 * The line above the hint (JLine's status border) is box drawing through the terminal's alternate character set:
 * smacs, 'q' for each column, rmacs; where the terminal describes no such set JLine writes '-'. screen and tmux
 * describe smacs as Shift Out, which draws lines only once the set has been made ready (enacs), and JLine never sends
 * enacs: the line showed as "qqqq". This sends it once, before the first prompt.
 */
final class TerminalLines {
    private TerminalLines() {}

    /** Whether the terminal needed (and got) its alternate character set made ready. */
    static boolean prepare(Terminal terminal) {
        if (terminal.getStringCapability(Capability.ena_acs) == null) return false;
        terminal.puts(Capability.ena_acs);
        terminal.flush();
        return true;
    }
}
