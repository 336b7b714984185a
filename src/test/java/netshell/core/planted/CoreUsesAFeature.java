package netshell.core.planted;

/** Planted for ArchitectureTest: a model reaching up into a feature (modelsKnowNoFeature must fail on it). */
public class CoreUsesAFeature {
    Object feature = netshell.lb.LbCommands.class;
}
