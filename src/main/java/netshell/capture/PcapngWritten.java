package netshell.capture;

import java.util.Map;
import java.util.stream.Collectors;

import netshell.command.CommandOutcome;
import netshell.command.Displayable;

/** What a pcapng capture wrote, per interface; a node whose capture failed makes the exit status 1. */
public record PcapngWritten(String file, Map<String, Integer> packets, Map<String, String> errors)
        implements
            CommandOutcome,
            Displayable {
    public int total() { return packets.values().stream().mapToInt(Integer::intValue).sum(); }

    @Override
    public boolean failed() { return !errors.isEmpty(); }

    @Override
    public String failureSummary() { return TcpdumpCommand.CaptureSummary.failures(errors); }

    /** Nothing on standard output when the capture itself went there. */
    @Override
    public String text() {
        if (CaptureFile.isStdout(file)) return "";
        String each = packets.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        return "wrote " + total() + " packets to " + file + (each.isEmpty() ? "" : " (" + each + ")");
    }

    @Override
    public Object data() { return Map.of("file", file, "packets", packets, "errors", errors); }
}
