package netshell.kernel;

import java.util.List;

/** One neighbour (ARP) entry from `ip -j neigh`: the address on a device resolves to a MAC; state flags. */
public record Neighbour(String dst, String dev, String lladdr, List<String> state) {
    public Neighbour {
        state = state == null ? List.of() : List.copyOf(state);
    }

    /** Programmed by hand (or by netshell's static mode): never ages out. */
    public boolean permanent() {
        return state.contains("PERMANENT");
    }
}
