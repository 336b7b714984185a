package netshell.app;

import netshell.addr.NetCommands;
import netshell.capture.TcpdumpCommand;
import netshell.change.ChangeCommands;
import netshell.command.Registry;
import netshell.command.SessionCommands;
import netshell.doctor.DoctorCommand;
import netshell.fault.FaultCommands;
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

/** The built-in commands, in the order help lists them. */
public final class Commands {
    private Commands() {}

    public static Registry registry() {
        return new Registry()
                .containers(new ContainerFinder())
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
                .add("tcpdump", TcpdumpCommand::spec)
                .add("record", RecordCommand::spec)
                .add("confirm", ChangeCommands::confirm)
                .add("changes", ChangeCommands::changes)
                .add("undo", ChangeCommands::undo);
    }
}
