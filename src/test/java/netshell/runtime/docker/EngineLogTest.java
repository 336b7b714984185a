package netshell.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which line of an engine's log says why it did not start. */
class EngineLogTest {
    private static final String NOT_A_BRIDGE = "failed to start daemon: Error initializing network controller: error"
            + " creating default \"bridge\" network: cannot create network (docker0): conflicts with network"
            + " (docker0): existing interface docker0 is not a bridge";

    @Test
    void theFailureIsNamedEvenWhenGrpcNoticesComeAfterIt() {
        List<String> log = List.of(
                "time=\"2026-12-07T05:18:06.1Z\" level=info msg=\"Starting up\"",
                NOT_A_BRIDGE,
                "time=\"2026-12-07T05:18:06.3Z\" level=info msg=\"[core] Channel Connectivity change to"
                        + " TRANSIENT_FAILURE\" module=grpc",
                "");
        assertEquals(NOT_A_BRIDGE, LabDocker.why(log));
    }

    @Test
    void aFatalOrErrorLineIsTakenOverLaterNotices() {
        String fatal = "time=\"t\" level=fatal msg=\"no sockets found via socket activation\"";
        assertEquals(fatal, LabDocker.why(List.of(fatal, "time=\"t\" level=info msg=\"closing\"")));
        String error = "time=\"t\" level=error msg=\"failed to mount overlay\"";
        assertEquals(error, LabDocker.why(List.of("a", error, "time=\"t\" level=warning msg=\"w\"")));
    }

    @Test
    void withoutAnErrorTheLastLineIsGivenAndAnEmptyLogGivesNothing() {
        assertEquals("the last words", LabDocker.why(List.of("first", "  the last words  ", " ")));
        assertEquals("", LabDocker.why(List.of()));
        assertEquals("", LabDocker.why(List.of("", "  ")));
    }
}
