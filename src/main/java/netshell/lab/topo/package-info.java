/**
 * Topology files (containerlab's YAML format): the parser with its refusals, the model, the writer that gives a
 * running lab back as a file, and the planner that turns a topology into the ip commands that make it. Pure: no
 * I/O; the lab package reads the file, runs the steps and reads the running lab.
 */
package netshell.lab.topo;
