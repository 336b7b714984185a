package netshell.command;

/** A result that can draw itself as a picture (topology), for a view that shows pictures rather than text. */
public interface Drawable extends Displayable {
    /** One self-contained SVG document. */
    String svg();
}
