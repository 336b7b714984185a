package netshell.overlay.planted;

/** Planted for ArchitectureTest: a feature using the shell (featuresLeaveTheShellAlone must fail on it). */
public class FeatureRendersItself {
    Object shell = netshell.shell.Renderer.class;
}
