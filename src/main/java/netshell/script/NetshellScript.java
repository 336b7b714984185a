package netshell.script;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import groovy.lang.Closure;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import groovy.lang.Script;

import netshell.command.DataView;

/**
 * The base class of every netshell script and REPL Groovy line: the helpers (sh, say, step, need, show,
 * check, flag) and the free names — commands ({@code net}, {@code lb}, lib commands), nodes ({@code node1}),
 * {@code nodes} — resolved on use through the ScriptHost in the binding.
 */
public abstract class NetshellScript extends Script {
    /** The binding variable that holds the ScriptHost. */
    public static final String HOST = "netshellHost";

    private ScriptHost host() {
        return (ScriptHost) getBinding().getVariable(HOST);
    }

    public Object sh(String line) { return host().sh(line); }

    /** Runs a line as the prompt does (command, node command or Groovy) and prints what it prints; its status. */
    public int line(String text) {
        return host().line(text);
    }

    public void say(Object text) { host().say(String.valueOf(text)); }

    public void show(Object result) { host().show(result); }

    public Object step(String title, Closure<?> body) { return host().step(title, body); }

    public List<NodeHandle> need(int count) { return host().need(count); }

    /** A result as plain maps, lists and values (what --json prints): {@code data(container.ls())*.address}. */
    public Object data(Object result) {
        return DataView.of(result);
    }

    public void check(boolean ok, String what) { host().check(ok, what); }

    /**
     * {@code ensureContainer 'web1', on: node1, text: 'Hello from Web1'}: the container on that node, kept when it is
     * there already, else made; one of that name elsewhere is replaced, saying so.
     */
    public void ensureContainer(Map<String, Object> named, String name) {
        Object text = named.get("text");
        new WalkthroughPlaces(host()).container(name, String.valueOf(named.get("on")), text == null
                ? null
                : String.valueOf(text));
    }

    /**
     * {@code ensureVip '192.168.56.100:80', on: node1, backends: [...]}: lb add-vip, saying first what it replaces
     * when the VIP is there already with other backends or on other nodes.
     */
    public Object ensureVip(Map<String, Object> named, String vip) {
        List<String> backends = ((List<?>) named.get("backends")).stream().map(String::valueOf).toList();
        return new WalkthroughPlaces(host()).vip(vip, String.valueOf(named.get("on")), backends);
    }

    /** {@code overlayOnVni(100, first, second)}: the bridge of an overlay on VNI 100 on those nodes, or null. */
    public String overlayOnVni(int vni, Object... nodes) {
        return new WalkthroughPlaces(host()).overlayBridge(vni,
                Arrays.stream(nodes).map(String::valueOf).toList());
    }

    /** {@code check ok, 'what should hold', expected: X, saw: Y}: a failure says what was expected and seen. */
    public void check(Map<String, Object> named, boolean ok, String what) {
        host().check(ok, what, named.get("expected"), named.get("saw"));
    }

    public boolean flag(String name) { return host().flag(name); }

    /** {@code lab { node 'r1'; node 'h1'; link 'r1:eth1', 'h1:eth1' }}: a lab drawn in Groovy, up as a file. */
    public Object lab(Closure<?> body) {
        return lab(Map.of(), body);
    }

    /**
     * As {@link #lab(Closure)}; {@code lab(name: 'x') { … }} names the lab as --name does, {@code hosts: ['h1', 'h2']}
     * (and {@code inventory: FILE}) spread it over SSH hosts as --hosts does.
     */
    public Object lab(Map<String, Object> named, Closure<?> body) {
        java.nio.file.Path file = LabDrawing.draw(body).write();
        try {
            List<String> words = new java.util.ArrayList<>(List.of("lab", "up", file.toString()));
            if (named.containsKey("name")) words.addAll(List.of("--name", String.valueOf(named.get("name"))));
            // lab(hosts: ['h1', 'h2']) { node 'r1', host: 'h2' … }: over hosts, as --hosts (and --inventory).
            Object hosts = named.get("hosts");
            if (hosts != null)
                words.addAll(List.of("--hosts", hosts instanceof List<?> l
                        ? String.join(",", l.stream().map(String::valueOf).toList())
                        : String.valueOf(hosts)));
            if (named.containsKey("inventory"))
                words.addAll(List.of("--inventory", String.valueOf(named.get("inventory"))));
            return host().call(words);
        } finally {
            file.toFile().delete();
        }
    }

    @Override
    public Object getProperty(String name) {
        try {
            return super.getProperty(name);
        } catch (MissingPropertyException e) {
            if (!name.equals(e.getProperty())) throw e;
            Object resolved = host().resolve(name);
            if (resolved == null) throw e;
            return resolved;
        }
    }

    /** {@code topology()}, {@code nodes()}: a command without sub-commands called like a function. */
    @Override
    public Object invokeMethod(String name, Object args) {
        try {
            return super.invokeMethod(name, args);
        } catch (MissingMethodException e) {
            if (!name.equals(e.getMethod())) throw e;
            Object resolved = host().session().registry().find(CallWords.kebab(name))
                    .map(s -> new CommandHandle(s, host())).orElse(null);
            if (resolved == null) throw e;
            Object[] array = args instanceof Object[] a ? a : new Object[]{args};
            return ((CommandHandle) resolved).call(array);
        }
    }
}
