/**
 * Overlay planners and models: VXLAN devices and their flood FDB, bridges, container veths and addresses, Docker
 * networks. Pure: state in, steps out.
 */
package netshell.overlay.plan;
