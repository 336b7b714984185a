package netshell.command;

/** A result that is plain text (a diagram, a help page); its JSON form is the text as a string. */
public record Text(String text) implements Displayable {
    @Override
    public Object data() { return text; }
}
