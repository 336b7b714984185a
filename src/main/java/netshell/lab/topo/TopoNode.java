package netshell.lab.topo;

import java.util.List;

/**
 * One node of a topology: a linux node (a lab namespace) or a bridge; image null when none is given; host the
 * machine of a multi-host lab it is placed on ({@code host:} in the file), null to place it round-robin.
 */
public record TopoNode(String name, Kind kind, String image, List<String> exec, String host) {
    public enum Kind {
        LINUX("linux"), BRIDGE("bridge");

        public final String word;

        Kind(String word) { this.word = word; }
    }

    public TopoNode {
        exec = List.copyOf(exec);
    }

    public TopoNode(String name, Kind kind, String image, List<String> exec) { this(name, kind, image, exec, null); }
}
