package netshell.shell;

import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;

import netshell.node.Prompter;

/** Asks the user at the terminal: passphrases masked, host keys yes/no. */
public final class TerminalPrompter implements Prompter {
    private final Terminal terminal;

    public TerminalPrompter(Terminal terminal) {
        this.terminal = terminal;
    }

    private LineReader reader() {
        return LineReaderBuilder.builder().terminal(terminal).build();
    }

    @Override
    public synchronized String askSecret(String prompt) {
        return reader().readLine(prompt + " ", '*');
    }

    @Override
    public synchronized boolean confirm(String prompt) {
        String answer = reader().readLine(prompt + " (yes/no) ").strip().toLowerCase();
        return answer.equals("yes") || answer.equals("y");
    }

    @Override
    public synchronized String choose(String prompt, String choices) {
        return reader().readLine(prompt + " (" + choices + ") ").strip();
    }

    @Override
    public boolean interactive() { return true; }
}
