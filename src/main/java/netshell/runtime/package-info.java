/**
 * The container runtime: one interface ({@link netshell.runtime.ContainerRuntime}: list, run, remove, exec, enter)
 * that Docker's engine ({@code runtime.docker}) and the overlay's namespace containers implement, so that commands
 * treat both kinds alike. All Docker code lives under {@code runtime.docker}: asking an engine, running and removing
 * containers, the lab's own engines; its pure part ({@code runtime.docker.plan}: argv and the parsing of docker's
 * answers) is tested with golden data. Doctor's Docker checks stay in {@code doctor.checks}: they turn facts into
 * doctor's findings and fixes, a vocabulary the runtime must not depend on (the framework knows no feature), while
 * the facts come from {@code docker} argv and formats that live here. A framework package: may use core, kernel,
 * node and command; never a feature, shell or script.
 */
package netshell.runtime;
