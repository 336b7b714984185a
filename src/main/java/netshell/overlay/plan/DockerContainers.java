package netshell.overlay.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the containers netshell started on a Docker node (label {@code netshell}) from one
 * {@code docker inspect --format} line per container: name, state and overlay address.
 */
public final class DockerContainers {
    private DockerContainers() {}

    /** One container: its name (without Docker's leading '/'), state (running, exited…) and first IPv4 address. */
    public record Container(String name, String state, String address) {}

    /** The format given to {@code docker inspect}: fields separated by '|', addresses by spaces. */
    public static final String FORMAT = "{{.Name}}|{{.State.Status}}|{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}";

    public static List<String> listArgv() {
        return List.of("docker", "ps", "-aq", "--filter", "label=netshell");
    }

    public static List<String> inspectArgv(List<String> ids) {
        List<String> argv = new ArrayList<>(List.of("docker", "inspect", "--format", FORMAT));
        argv.addAll(ids);
        return argv;
    }

    public static List<Container> parse(String inspectOutput) {
        List<Container> out = new ArrayList<>();
        for (String line : inspectOutput.strip().lines().toList()) {
            String[] f = line.split("\\|", -1);
            if (f.length < 3 || f[0].isBlank()) continue;
            String name = f[0].startsWith("/") ? f[0].substring(1) : f[0];
            String address = f[2].strip().isEmpty() ? null : f[2].strip().split("\\s+")[0];
            out.add(new Container(name, f[1].strip(), address));
        }
        return out;
    }
}
