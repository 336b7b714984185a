package netshell.runtime.docker.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import netshell.core.BadInput;
import netshell.core.Printable;
import netshell.kernel.IpText;

/**
 * Reads the containers netshell started on a Docker node (label {@code netshell}) from one
 * {@code docker inspect --format} line per container: name, state and overlay address.
 */
public final class DockerContainers {
    private DockerContainers() {}

    /**
     * One container: its name (without Docker's leading '/'), state (running, exited…), first IPv4 address and first
     * global IPv6 address (null on IPv4-only networks).
     */
    public record Container(String name, String state, String address, String address6) {
        public Container(String name, String state, String address) {
            this(name, state, address, null);
        }
    }

    /** The format given to {@code docker inspect}: fields separated by '|', addresses by spaces. */
    public static final String FORMAT = "{{.Name}}|{{.State.Status}}|"
            + "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}"
            + "|{{range .NetworkSettings.Networks}}{{.GlobalIPv6Address}} {{end}}";

    /** One container by name, with its label keys after a last '|' (netshell's containers carry "netshell"). */
    public static final String NAMED_FORMAT = FORMAT + "|{{range $k, $v := .Config.Labels}}{{$k}} {{end}}";

    /** A container found by name: netshell's (labelled) or someone else's. */
    public record Named(Container container, boolean ours) {}

    public static List<String> inspectNamedArgv(String name) {
        return List.of("docker", "inspect", "--type", "container", "--format", NAMED_FORMAT, name);
    }

    /** The container named, from {@link #inspectNamedArgv}'s output; empty when there is none (inspect failed). */
    public static Optional<Named> parseNamed(String inspectOutput) {
        String line = inspectOutput.strip();
        int labels = line.lastIndexOf('|');
        if (labels < 0) return Optional.empty();
        List<Container> found = parse(line.substring(0, labels));
        if (found.isEmpty()) return Optional.empty();
        boolean ours = List.of(line.substring(labels + 1).strip().split("\\s+")).contains("netshell");
        return Optional.of(new Named(found.get(0), ours));
    }

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
            if (!DOCKER_NAME.matcher(name).matches()) {
                throw new BadInput("docker reports a container named '" + Printable.escape(name)
                        + "', which is not a container name; refused");
            }
            out.add(new Container(name, f[1].strip(), first(name, f[2]), f.length > 3 ? first(name, f[3]) : null));
        }
        return out;
    }

    /** Docker's own rule for container names; anything else did not come from Docker. */
    private static final Pattern DOCKER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");

    /** The first of a field's space-separated addresses, parsed as one IP address; null when there is none. */
    private static String first(String container, String field) {
        String f = field.strip();
        if (f.isEmpty()) return null;
        String text = f.split("\\s+")[0];
        String address = IpText.canonical(text);
        if (address == null) {
            throw new BadInput("container " + container + " reports the address '" + Printable.escape(text)
                    + "', which is not an IP address; refused");
        }
        return address;
    }
}
