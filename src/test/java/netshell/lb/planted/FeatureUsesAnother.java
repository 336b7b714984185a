package netshell.lb.planted;

/**
 * Planted for ArchitectureTest: a feature using another's glue (featuresDoNotImportEachOther) and scripting
 * (onlyTheLauncherLoadsScripting).
 */
public class FeatureUsesAnother {
    Object other = netshell.overlay.ContainerCommands.class;
    Object scripting = netshell.script.CheckFailed.class;
}
