package netshell.command.planted;

/** Planted for ArchitectureTest: the framework naming a feature (frameworkKnowsNoFeature must fail on it). */
public class FrameworkKnowsAFeature {
    Object feature = netshell.lb.LbCommands.class;
}
