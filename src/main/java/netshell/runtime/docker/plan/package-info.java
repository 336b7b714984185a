/**
 * Pure Docker logic: the argv of {@code docker network create} and {@code docker inspect}, and the parsing of their
 * answers. No I/O; unit-tested with golden data.
 */
package netshell.runtime.docker.plan;
