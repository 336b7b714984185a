/**
 * Topology files (containerlab's YAML format): the parser with its refusals, the model, the writer that gives a
 * running lab back as a file, and the planner that turns a topology into the ip commands that make it; and a running
 * lab's live changes: which number each node has (placement) and the planner of nodes and links added or removed,
 * with its refusals. Pure: no I/O; the lab package reads the file and the namespaces, runs the steps and keeps the
 * state.
 */
package netshell.lab.topo;
