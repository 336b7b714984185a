package netshell.command;

import java.nio.file.Path;
import java.util.List;

import netshell.core.BadInput;
import netshell.core.Declared;

/**
 * Reads a file that declares something in builder syntax ({@code exercise { goal '…'; check 'pingall' }}) into its
 * top-level calls as plain values. Scripting plugs the Groovy reader in, so that a feature taking such files never
 * loads Groovy itself; a file that cannot be read or evaluated is one {@link BadInput} line naming it.
 */
public interface DeclarationReader {
    List<Declared> read(Path file);

    /** Without scripting: every file is refused in one line. */
    DeclarationReader NONE = file -> {
        throw new BadInput(file + ": reading a .groovy file needs scripting, which this shell has not loaded");
    };
}
