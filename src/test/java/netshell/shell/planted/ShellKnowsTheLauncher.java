package netshell.shell.planted;

/** Planted for ArchitectureTest: the shell using the launcher (shellHoldsNoNetworkLogic must fail on it). */
public class ShellKnowsTheLauncher {
    Object app = netshell.app.Commands.class;
}
