package netshell.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import netshell.command.Args;
import netshell.command.CommandFailed;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.Param;
import netshell.command.Session;
import netshell.command.Target;
import netshell.command.Text;
import netshell.command.Verb;
import netshell.core.BadInput;
import netshell.lab.topo.LiveChange;
import netshell.lab.topo.TopoLink;
import netshell.lab.topo.TopoNode;
import netshell.lab.topo.Topology;
import netshell.lab.topo.TopologyParser;
import netshell.lab.topo.TopologyWriter;
import netshell.node.Inventory;
import netshell.node.NodeSpec;

/** {@code lab up [FILE]|save|down|status}: the embedded lab of network namespaces on this machine. */
public final class LabCommands {
    private LabCommands() {}

    public static CommandSpec spec() {
        Param name = Param.option("name",
                "the lab's name: prefixes every namespace it makes (default: the session's lab, "
                        + "or $NETSHELL_LAB, or netshell)");
        return CommandSpec.of("lab", "the embedded lab: nodes as network namespaces on this machine",
                Verb.of("up", "create (or grow) the lab: NAME-node1…N joined by a bridge in NAME-lan", LabCommands::up,
                        Param.optionalPositional("file", "a containerlab topology file (YAML) to bring up")
                                .completes("file"),
                        Param.option("nodes", "how many nodes").defaultValue("2"),
                        Param.flag("ssh", "also start a real sshd in each node and write an ssh_config inventory"),
                        Param.flag("ipv6", "also an IPv6 underlay: fd56::(9+i)/64 on eth1 beside the IPv4 address"),
                        Param.flag("docker", "also start a Docker engine in each node (a lab that is up gets them)"),
                        Param.option("hosts", "with FILE: spread the lab over these SSH hosts (names as the inventory "
                                + "names them), links across hosts over VXLAN").valueNamed("H1,H2,…").completes("node"),
                        Param.option("inventory", "with --hosts: the inventory or ssh_config naming the hosts "
                                + "(default: the session's SSH nodes)").completes("file"),
                        name).details("""
                                Each node gets eth1 at 192.168.56.(9+i)/24 (the Vagrant VMs' addresses), lo up and
                                ip_forward on. Nothing is added to this machine's own namespace. The lab outlives
                                the shell until 'lab down'. With --ssh, './shell -i <state>/nodes.ssh' reaches the
                                nodes over real SSH (through 'ip netns exec NODE nc', since the root namespace has
                                no route to 192.168.56.0/24). With --ipv6, eth1 also gets fd56::(9+i)/64 (node1 =
                                fd56::a, no duplicate address detection) and IPv6 forwarding is on, so 'vxlan create'
                                and 'lb add-vip' can run over IPv6. With --docker each node runs its own dockerd (state
                                under the lab's directory, storage driver overlay2, or vfs where that cannot run,
                                docker0 on 172.31.N.0/24); the node's commands reach it through DOCKER_HOST, and its
                                image netshell/web (tagged nginx too)
                                is made offline from busybox-static. 'lab down' stops them and all they made.

                                'lab up FILE' brings up a containerlab topology file instead: each node of kind
                                linux is a lab node under the file's name, on the lab LAN as eth0 (containerlab's
                                management interface; overlay, lb and doctor use it as the underlay), each kind
                                bridge node a Linux bridge in NAME-lan, each link a veth pair named as the file says
                                (with its mtu), then each node's exec commands run in it. The file's name is the
                                lab's unless --name is given; other kinds are refused before anything is made.

                                'lab up FILE --hosts H1,H2,…' spreads it over machines reached over SSH as root
                                (names from --inventory, else from the session's SSH nodes): each node goes to the
                                host its 'host:' key names, the others round-robin in file order (bridges to the
                                first host). Each host makes its part with the same ip commands (namespaces
                                NAME-hK-nodeI and NAME-hK-lan, K the host's place in --hosts); a link whose ends are
                                on two hosts is a veth on each side whose host-side end is bridged with a VXLAN
                                device to the other host (one VNI per link, UDP 4789, mtu 1450), and the lab LAN
                                crosses the hosts the same way, so pingall reaches every node. 'lab status' shows
                                each node's host, node commands reach a node through its host, 'lab down' cleans
                                every host. Refused in one line before anything is made: an unknown host, a host
                                that is not root or has no iproute2 or vxlan."""),
                Verb.of("save", "write the running lab as a topology file that brings up the same lab",
                        LabCommands::save, Param.positional("file", "where to write it").completes("file"), name)
                        .details("""
                                Nodes, bridges and links (with mtu) as they are now, and as each node's exec the
                                addresses on its links ('ip addr add …'); the lab must have been made by 'lab up
                                FILE'."""),
                Verb.of("add-node", "add a node to the running lab, on its LAN, linked to other nodes",
                        LabCommands::addNode, Param.positional("node", "the new node's name"),
                        Param.option("link", "link it to NODE (the interface on NODE: IF, or its first free ethN)")
                                .valueNamed("NODE[:IF]").asRepeatable().completes("node"),
                        name).details("""
                                The new node is a namespace like the others: on the lab LAN (eth1 in a plain lab,
                                eth0 in one made from a file) at 192.168.56.(9+i)/24, i its number (nodeK takes
                                number K when it is free, any other name the first free number), lo up, ip_forward
                                on; overlay, pingall and doctor see it at once. Each --link is a veth pair to NODE:
                                eth1, eth2, … on the new node, IF (or NODE's first free ethN; a bridge's port
                                BRIDGE-NAME) on NODE. No other node is touched but for those interfaces. In a Docker
                                lab the node gets its own engine too. Refused before anything is made: a name
                                taken, an unknown NODE, an interface in use."""),
                Verb.of("rm-node", "remove a node of the running lab, with its links and containers",
                        LabCommands::rmNode, Param.positional("node", "the node to remove").completes("node"), name)
                        .details("""
                                Kills what runs in the node (containers, its Docker engine, sshd), deletes its
                                namespace and with it its links: their far ends on other nodes go too, nothing else
                                of them changes (an overlay's entries for the node stay until the next 'overlay
                                create')."""),
                Verb.of("link", "add or remove a link between two nodes of the running lab", LabCommands::link,
                        Param.positional("action", "add: a new veth pair; rm: remove one").choices("add", "rm"),
                        Param.positional("a", "one end, NODE:IF").valueNamed("A:IF").completes("node"),
                        Param.positional("b", "the other end, NODE:IF").valueNamed("B:IF").completes("node"),
                        Param.option("mtu", "the link's MTU on both ends (add; default: the kernel's, 1500)"),
                        name).details("""
                                'lab link add A:IF B:IF' makes a veth pair, IF on each node (a bridge's end is its
                                port), both up; 'lab link rm A:IF B:IF' deletes it (both ends go). Only those two
                                interfaces change. Refused in one line: an unknown node, an interface in use (add),
                                two interfaces that are not one link's ends (rm), the lab LAN's own interfaces."""),
                Verb.of("down", "remove every namespace, process and file of the lab", LabCommands::down, name),
                Verb.of("status", "what of the lab exists (and on which host, for a lab over hosts)",
                        LabCommands::status, name));
    }

    /** --name, else the lab the session is on, else NETSHELL_LAB, else "netshell". */
    static String labName(Args a, Context ctx) {
        if (a.get("name") != null) return a.get("name");
        var current = ctx.session().peekTarget().filter(Target::isLab).map(t -> t.lab().name());
        return current.orElseGet(LabCommands::defaultName);
    }

    /** NETSHELL_LAB names the lab (tests and parallel users keep their own). */
    public static String defaultName() {
        String name = System.getenv("NETSHELL_LAB");
        return name == null || name.isBlank() ? "netshell" : name;
    }

    static Object up(Args a, Context ctx) {
        if (a.get("file") != null) return upFile(a, ctx);
        for (String fileOnly : List.of("hosts", "inventory")) {
            if (a.has(fileOnly)) throw new BadInput("--" + fileOnly + " is for 'lab up FILE': a topology file");
        }
        int n = a.integer("nodes", 1, Lab.MAX_NODES, 2);
        Lab lab = new Lab(labName(a, ctx));
        if (ctx.dryRun()) throw new BadInput("lab up changes this machine only; it has no dry run");
        boolean existed = lab.exists();
        try {
            lab.up(n, a.flag("ssh"));
            if (a.flag("ipv6")) lab.upIpv6(n);
            if (a.flag("docker")) lab.upDocker(n);
        } catch (RuntimeException e) {
            if (existed) throw e;
            lab.downAfterFailure(e); // a lab this command made and could not finish is not left half made
            if (Thread.currentThread().isInterrupted())
                throw new CommandFailed("interrupted; lab " + lab.name() + " was not finished and is removed");
            throw e;
        }
        ctx.session().target(Target.lab(lab, null));
        return lab.status();
    }

    static Object status(Args a, Context ctx) {
        Lab lab = new Lab(labName(a, ctx));
        return lab.overHosts() ? lab.hostStatus() : lab.status();
    }

    static Object upFile(Args a, Context ctx) {
        for (String other : List.of("ssh", "ipv6", "docker")) {
            if (a.has(other))
                throw new BadInput("lab up FILE takes its nodes from the file; --" + other + " is not for it (yet)");
        }
        Path file = Path.of(a.get("file"));
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new BadInput("cannot read " + file + ": " + e.getClass().getSimpleName().replace("Exception", ""));
        }
        TopologyParser.Parsed parsed = TopologyParser.parse(file.toString(), text);
        Topology t = parsed.topology();
        String name = a.get("name") != null ? a.get("name") : t.name() != null ? t.name() : labName(a, ctx);
        if (ctx.dryRun()) throw new BadInput("lab up changes this machine only; it has no dry run");
        Lab lab = new Lab(name);
        parsed.notes().forEach(note -> ctx.session().notice("netshell: " + file + ": " + note));
        for (TopoNode node : t.nodes()) {
            if (node.image() != null)
                ctx.session().notice("netshell: " + node.name() + ": image " + node.image()
                        + " noted; a lab node runs this machine's programs");
        }
        if (a.get("hosts") != null) {
            List<String> hosts = List.of(a.get("hosts").split(",", -1));
            if (hosts.stream().anyMatch(String::isBlank)) throw new BadInput("--hosts: names separated by commas");
            lab.up(t.named(name), hostInventory(a, ctx), hosts);
            ctx.session().target(Target.lab(lab, null));
            return lab.hostStatus();
        }
        if (a.get("inventory") != null) throw new BadInput("--inventory is for --hosts");
        for (TopoNode node : t.nodes()) {
            if (node.host() != null)
                ctx.session().notice("netshell: " + node.name() + ": host " + node.host()
                        + " noted; without --hosts the lab is on this machine");
        }
        lab.up(t.named(name));
        ctx.session().target(Target.lab(lab, null));
        return lab.status();
    }

    /** Where --hosts names come from: --inventory FILE, else the SSH nodes the session is connected to. */
    private static Inventory hostInventory(Args a, Context ctx) {
        if (a.get("inventory") != null) {
            Path file = Path.of(a.get("inventory"));
            if (!Files.isRegularFile(file)) throw new BadInput("no inventory " + file);
            return Inventory.load(file);
        }
        List<NodeSpec> specs = ctx.session().target().fleet().nodes().stream()
                .flatMap(n -> n.sshSpec().stream()).toList();
        if (specs.isEmpty())
            throw new BadInput("--hosts names SSH hosts: give --inventory FILE, or start the shell on an inventory");
        return new Inventory(specs, Map.of());
    }

    static Object save(Args a, Context ctx) {
        Lab lab = new Lab(labName(a, ctx));
        if (!lab.exists()) throw new BadInput("lab " + lab.name() + " is not up");
        Path file = Path.of(a.get("file"));
        String text = TopologyWriter.write(lab.save());
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new BadInput("cannot write " + file + ": " + e.getClass().getSimpleName().replace("Exception", ""));
        }
        return new Text("lab " + lab.name() + " saved to " + file);
    }

    static Object addNode(Args a, Context ctx) {
        Lab lab = liveLab(a, ctx);
        if (ctx.session().registry().find(a.get("node")).isPresent())
            throw new BadInput("node name '" + a.get("node") + "' is a command: a line starting with it would run the "
                    + "command, not reach the node");
        LiveChange.NewNode node = lab.addNode(a.get("node"), a.all("link"));
        if (lab.sshInventory().isPresent())
            ctx.session().notice("netshell: " + node.name() + " has no sshd: 'lab up --ssh' starts those of the "
                    + "first nodes");
        seeChanges(lab, ctx);
        String links = node.links().stream().map(l -> l.a() + "-" + l.b()).reduce((x, y) -> x + ", " + y)
                .map(s -> ", linked " + s).orElse("");
        return new Text("lab " + lab.name() + ": " + node.name() + " added (" + node.namespace() + ", "
                + Lab.address(node.index()) + " on " + lab.underlay() + ")" + links);
    }

    static Object rmNode(Args a, Context ctx) {
        Lab lab = liveLab(a, ctx);
        lab.removeNode(a.get("node"));
        seeChanges(lab, ctx);
        return new Text("lab " + lab.name() + ": " + a.get("node") + " removed");
    }

    static Object link(Args a, Context ctx) {
        Lab lab = liveLab(a, ctx);
        if (a.get("action").equals("add")) {
            Integer mtu = a.integer("mtu", 68, 65535);
            TopoLink l = lab.addLink(a.get("a"), a.get("b"), mtu);
            return new Text("lab " + lab.name() + ": link " + l.a() + " " + l.b() + " added"
                    + (mtu == null ? "" : ", mtu " + mtu));
        }
        if (a.get("mtu") != null) throw new BadInput("--mtu is for 'lab link add'");
        lab.removeLink(a.get("a"), a.get("b"));
        return new Text("lab " + lab.name() + ": link " + a.get("a") + " " + a.get("b") + " removed");
    }

    /** The running lab a live change is for; a live change has no dry run, as 'lab up' has none. */
    private static Lab liveLab(Args a, Context ctx) {
        // The session's own lab, made now if it was not yet: a live change is for the lab the session is on.
        String name = a.get("name") != null
                ? a.get("name")
                : ctx.session().target().isLab() ? ctx.session().target().lab().name() : defaultName();
        Lab lab = new Lab(name);
        if (ctx.dryRun()) throw new BadInput("lab changes change this machine only; they have no dry run");
        if (!lab.exists()) throw new BadInput(lab.notUp());
        return lab;
    }

    /** The session's target, when it is this lab, is made anew: its nodes are the lab's as they are now. */
    private static void seeChanges(Lab lab, Context ctx) {
        boolean current = ctx.session().peekTarget().map(t -> t.isLab() && t.lab().name().equals(lab.name()))
                .orElse(false);
        if (current) ctx.session().target(Target.lab(lab, null));
    }

    static Object down(Args a, Context ctx) {
        Lab lab = new Lab(labName(a, ctx));
        boolean current = ctx.session().peekTarget().map(t -> t.isLab() && t.lab().name().equals(lab.name()))
                .orElse(false);
        lab.down();
        if (current) ctx.session().target(Target.lab(lab, null));
        return new Text("lab " + lab.name() + " removed");
    }

    /** For scripts: makes sure the session's lab has at least {@code n} nodes. */
    public static void ensure(Session session, int n) {
        Target t = session.target();
        if (!t.isLab()) return;
        if (t.fleet().nodes().size() < n) {
            Lab lab = t.lab() instanceof Lab l ? l : new Lab(t.lab().name());
            lab.up(n, false);
            session.target(Target.lab(lab, null));
        }
    }

}
