/**
 * Docker: whether a node has an engine of its own, what the engine holds (images, containers, addresses on a
 * network), the Docker implementation of {@link netshell.runtime.ContainerRuntime}, the engine's Unix socket, and the
 * lab's engines (one dockerd per lab node). Its argv and parsers are in the pure {@code runtime.docker.plan}.
 */
package netshell.runtime.docker;
