package netshell.lab.topo;

import java.util.List;

/** One node of a topology: a linux node (a lab namespace) or a bridge; image null when none is given. */
public record TopoNode(String name, Kind kind, String image, List<String> exec) {
    public enum Kind {
        LINUX("linux"), BRIDGE("bridge");

        public final String word;

        Kind(String word) { this.word = word; }
    }

    public TopoNode {
        exec = List.copyOf(exec);
    }
}
