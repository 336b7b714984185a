package netshell.script;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import groovy.lang.Closure;

/**
 * The Groovy form of a topology file: {@code lab { node 'r1'; node 'h1'; link 'r1:eth1', 'h1:eth1' }}. The
 * closure's calls draw the lab; it is then written as a containerlab file and brought up by {@code lab up FILE},
 * so a drawn lab is read, checked and refused exactly as a file is.
 */
public final class LabDrawing {
    private final Map<String, Object> nodes = new LinkedHashMap<>();
    private final List<Object> links = new ArrayList<>();
    private String name;

    /** Runs the drawing closure with this as its delegate. */
    static LabDrawing draw(Closure<?> body) {
        LabDrawing d = new LabDrawing();
        Closure<?> c = (Closure<?>) body.clone();
        c.setResolveStrategy(Closure.DELEGATE_FIRST);
        c.setDelegate(d);
        c.call();
        return d;
    }

    public void name(String labName) { name = labName; }

    /** A linux node; {@code node 'r1', exec: ['ip addr add 10.1.1.1/24 dev eth1'], image: 'alpine'}. */
    public void node(Map<String, Object> options, String nodeName) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("kind", "linux");
        options.forEach((k, v) -> node.put(k, v instanceof List<?> l
                ? l.stream().map(String::valueOf).toList()
                : String.valueOf(v)));
        nodes.put(nodeName, node);
    }

    public void node(String nodeName) { node(Map.of(), nodeName); }

    /** A Linux bridge links can attach to. */
    public void bridge(String bridgeName) {
        nodes.put(bridgeName, new LinkedHashMap<>(Map.of("kind", "bridge")));
    }

    /** A link between two "node:interface" ends; {@code link 'a:eth1', 'b:eth1', mtu: 1400}. */
    public void link(Map<String, Object> options, String a, String b) {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("endpoints", List.of(a, b));
        if (options.containsKey("mtu")) link.put("mtu", options.get("mtu"));
        links.add(link);
    }

    public void link(String a, String b) { link(Map.of(), a, b); }

    /** The drawing as containerlab's YAML. */
    String yaml() {
        Map<String, Object> topology = new LinkedHashMap<>();
        topology.put("nodes", nodes);
        if (!links.isEmpty()) topology.put("links", links);
        Map<String, Object> file = new LinkedHashMap<>();
        if (name != null) file.put("name", name);
        file.put("topology", topology);
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(o).dump(file);
    }

    /** Written where only this user reads it; removed once the lab is up (the lab keeps its own copy). */
    Path write() {
        try {
            Path file = Files.createTempFile("netshell-lab-", ".clab.yml");
            Files.writeString(file, yaml());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the drawn topology", e);
        }
    }
}
