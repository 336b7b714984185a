/**
 * {@code vxlan}, {@code overlay}, {@code container}, {@code topology}: VXLAN meshes, Docker or namespace containers
 * on them, and the node's underlay. Reads state, plans with overlay.plan, applies with rollback.
 */
package netshell.overlay;
