package netshell.lab.topo;

import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** Writes a topology in containerlab's format, keys in a fixed order, so the same lab always gives the same file. */
public final class TopologyWriter {
    private TopologyWriter() {}

    public static String write(Topology t) {
        StringBuilder out = new StringBuilder();
        if (t.name() != null) out.append("name: ").append(t.name()).append('\n');
        out.append("topology:\n  nodes:\n");
        for (TopoNode n : t.nodes()) {
            out.append("    ").append(n.name()).append(":\n");
            out.append("      kind: ").append(n.kind().word).append('\n');
            if (n.image() != null) out.append("      image: ").append(quote(n.image())).append('\n');
            if (n.host() != null) out.append("      host: ").append(quote(n.host())).append('\n');
            if (!n.exec().isEmpty()) {
                out.append("      exec:\n");
                for (String line : n.exec()) out.append("        - ").append(quote(line)).append('\n');
            }
        }
        if (!t.links().isEmpty()) {
            out.append("  links:\n");
            for (TopoLink l : t.links()) {
                out.append("    - endpoints: [\"").append(l.a()).append("\", \"").append(l.b()).append("\"]");
                if (l.mtu() != null) out.append("\n      mtu: ").append(l.mtu());
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** A YAML scalar as snakeyaml writes it: plain when that reads back the same, else quoted. */
    private static String quote(String value) {
        DumperOptions o = new DumperOptions();
        o.setWidth(Integer.MAX_VALUE);
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.FLOW);
        String flow = new Yaml(o).dump(Map.of("k", value)).strip();
        return flow.substring(flow.indexOf(':') + 1, flow.length() - 1).strip();
    }
}
