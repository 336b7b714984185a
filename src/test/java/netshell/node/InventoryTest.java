package netshell.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import netshell.core.BadInput;

/** Golden files: src/test/resources/inventory/X is read and rendered; the rendering must equal X.expected. */
class InventoryTest {
    static final Path DIR = Path.of("src/test/resources/inventory");

    static String render(Inventory inventory) {
        String nodes = inventory.nodes().stream().map(NodeSpec::toString).collect(Collectors.joining("\n"));
        String groups = inventory.groups().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> "group " + e.getKey() + " = " + e.getValue()).collect(Collectors.joining("\n"));
        String warnings = inventory.warnings().stream().map(w -> "warning " + w).collect(Collectors.joining("\n"));
        return nodes + "\n" + groups + (groups.isEmpty() ? "" : "\n") + warnings + (warnings.isEmpty() ? "" : "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"vagrant.ssh", "wildcards.ssh", "ansible.ini", "estate.ssh", "bastion.ini",
            "ansible/estate.yml"})
    void matchesGoldenFile(String name) throws Exception {
        // The built-in reader: what runs where OpenSSH's ssh is not installed (OpenSshConfigTest covers ssh -G).
        String actual = render(Inventory.load(DIR.resolve(name), false));
        Path golden = DIR.resolve(name + ".expected");
        if (Boolean.getBoolean("golden.update")) Files.writeString(golden, actual);
        assertEquals(Files.readString(golden), actual);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bad-missing-value.ssh|bad-missing-value.ssh:2: 'HostName' needs a value",
            "bad-port.ssh|bad-port.ssh:3: bad port 'twenty'",
            "bad-section.ini|bad-section.ini:4: unknown section [web:stuff]",
            "bad-var.ini|bad-var.ini:2: expected key=value, got 'ansible_host'",
            "bad-range.ini|bad-range.ini:2: host range 'web[01:3]': begin and end must have the same width",
            "bad-children.ini|bad-children.ini:3: unknown child group 'nosuchgroup'",
            "bad-empty.ini|bad-empty.ini: no nodes in inventory",
            "missing-file.ini|no inventory file src/test/resources/inventory/missing-file.ini",
            "bad-shell-host.ssh|bad-shell-host.ssh: node db1: host name 'db1;touch /tmp/netshell-pwned' holds ';', "
                    + "which a shell would interpret; refused",
            "bad-shell-user.ini|bad-shell-user.ini: node web1: user name 'a$(id)' holds '$', which a shell would "
                    + "interpret; refused",
            "bad-shell-jump.ssh|bad-shell-jump.ssh: node node1: node name '-oProxyCommand=x' starts with '-'; refused"})
    void badFilesNameFileAndLine(String name, String expected) {
        BadInput e = assertThrows(BadInput.class, () -> Inventory.load(DIR.resolve(name)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
