package netshell.command;

/** The built-in commands, in the order help lists them. */
public final class Commands {
    private Commands() {}

    public static Registry registry() {
        return new Registry()
                .add("net", NetCommands::spec)
                .add("nodes", NodeCommands::spec)
                .add("lab", LabCommands::spec)
                .add("vxlan", VxlanCommands::spec)
                .add("overlay", OverlayCommands::spec)
                .add("container", ContainerCommands::spec)
                .add("topology", TopologyCommands::spec)
                .add("lb", LbCommands::spec)
                .add("inventory", SessionCommands::inventory)
                .add("explain", SessionCommands::explain)
                .add("dry-run", SessionCommands::dryRun)
                .add("tailtip", SessionCommands::tailTip)
                .add("doctor", DoctorCommand::spec)
                .add("tcpdump", TcpdumpCommand::spec)
                .add("record", RecordCommand::spec);
    }
}
