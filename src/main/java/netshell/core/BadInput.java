package netshell.core;

/** User input that cannot be accepted; its message is one clear line shown to the user (exit code 2). */
public class BadInput extends IllegalArgumentException {
    public BadInput(String message) { super(message); }
}
