package netshell.command;

/** The built-in commands, in the order help lists them. */
public final class Commands {
    private Commands() {}

    public static Registry registry() {
        return new Registry()
                .add(NetCommands.spec())
                .add(NodeCommands.spec())
                .add(LabCommands.spec())
                .add(VxlanCommands.spec())
                .add(OverlayCommands.spec())
                .add(ContainerCommands.spec())
                .add(TopologyCommands.spec())
                .add(LbCommands.spec())
                .add(SessionCommands.inventory())
                .add(SessionCommands.explain())
                .add(SessionCommands.dryRun())
                .add(DoctorCommand.spec())
                .add(TcpdumpCommand.spec())
                .add(RecordCommand.spec());
    }
}
