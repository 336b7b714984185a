package netshell.overlay.plan;

import netshell.core.Step;

/** The undo of a step that creates a device: deleting it takes its addresses, ports and settings with it. */
final class LinkRemoval {
    private LinkRemoval() {}

    static Step of(String device) {
        return Step.of("undo: remove " + device, "ip", "link", "del", device);
    }
}
