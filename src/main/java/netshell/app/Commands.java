package netshell.app;

import java.util.function.Supplier;

import netshell.addr.NetCommands;
import netshell.capture.TcpdumpCommand;
import netshell.change.ChangeCommands;
import netshell.command.Registry;
import netshell.command.Session;
import netshell.command.Target;
import netshell.command.SessionCommands;
import netshell.doctor.DoctorCommand;
import netshell.exercise.ExerciseCommands;
import netshell.fault.FaultCommands;
import netshell.link.LinkCommands;
import netshell.lab.LabCommands;
import netshell.lb.LbCommands;
import netshell.overlay.ContainerCommands;
import netshell.overlay.ContainerFinder;
import netshell.overlay.OverlayCommands;
import netshell.overlay.TopologyCommands;
import netshell.overlay.VxlanCommands;
import netshell.record.RecordCommand;
import netshell.remote.InventoryCommands;
import netshell.remote.NodeCommands;
import netshell.remote.RawCommand;
import netshell.remote.ReachCommands;
import netshell.web.WebCommands;
import netshell.trace.TraceCommand;

/** The built-in commands, in the order help lists them, and the services features lend each other. */
public final class Commands {
    private Commands() {}

    /** A session of the built-in commands on the target {@code target} makes, with the features' services. */
    public static Session session(Supplier<Target> target) {
        return plugIn(new Session(registry(), target));
    }

    /** Plugs into a session what features lend each other through it: the overlay's containers, found by name. */
    public static Session plugIn(Session session) {
        session.containers(new ContainerFinder());
        session.completions().register("exercise", ExerciseCommands::completions);
        return session;
    }

    public static Registry registry() {
        return new Registry()
                .add("net", NetCommands::spec)
                .add("nodes", NodeCommands::spec)
                .add("all", RawCommand::all)
                .add("on", RawCommand::on)
                .add("lab", LabCommands::spec)
                .add("vxlan", VxlanCommands::spec)
                .add("overlay", OverlayCommands::spec)
                .add("container", ContainerCommands::spec)
                .add("topology", TopologyCommands::spec)
                .add("lb", LbCommands::spec)
                .add("pingall", ReachCommands::pingall)
                .add("iperf", ReachCommands::iperf)
                .add("inventory", InventoryCommands::inventory)
                .add("explain", SessionCommands::explain)
                .add("dry-run", SessionCommands::dryRun)
                .add("tailtip", SessionCommands::tailTip)
                .add("doctor", DoctorCommand::spec)
                .add("fault", FaultCommands::spec)
                .add("exercise", ExerciseCommands::spec)
                .add("grade", ExerciseCommands::grade)
                .add("link", LinkCommands::spec)
                .add("tcpdump", TcpdumpCommand::spec)
                .add("web", WebCommands::spec)
                .add("trace", TraceCommand::spec)
                .add("record", RecordCommand::spec)
                .add("confirm", ChangeCommands::confirm)
                .add("changes", ChangeCommands::changes)
                .add("undo", ChangeCommands::undo);
    }
}
