package netshell.runtime.planted;

/** Planted for ArchitectureTest: the container runtime naming a feature (runtimeKnowsNoFeature must fail on it). */
public class RuntimeKnowsAFeature {
    Object feature = netshell.overlay.ContainerCommands.class;
}
