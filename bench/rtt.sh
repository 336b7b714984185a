#!/usr/bin/env bash
# What `nodes` shows as RTTMS, against what it is not: the transports' round trip over an open connection (an
# echo through cat on the node) beside ping's round trip on the lab's underlay and a whole command
# (`time node1 true`: a process start for a lab node, a channel and a process for SSH), in one netshell process.
# Run as root: a lab of 3 namespaces with sshd (removed at the end). Figures in ms, medians of REPS runs.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${REPS:-5}
export NETSHELL_LAB=${LAB:-nsbench-rtt}
trap './shell -c "lab down" >/dev/null 2>&1 || true' EXIT
./shell -c 'lab up --nodes 3 --ssh' >/dev/null
cfg=/var/lib/netshell/labs/$NETSHELL_LAB/nodes.ssh

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
# RTTMS of node1 in each of REPS `nodes` runs, and `time node1 true` REPS times, in one process per transport.
figures() {
  local line="nodes --on node1" i
  for i in $(seq "$REPS"); do line="$line; nodes --on node1; time node1 true"; done
  ./shell "$@" -c "$line" 2>/dev/null
}
rtt_of() { awk '$1 == "node1" && $5 == "up" {print $6}' | tail -n "$REPS" | median; }
time_of() { sed -n 's/^time: \([0-9.]*\) ms$/\1/p' | median; }

lab_out=$(figures)
ssh_out=$(figures -i "$cfg")
ping_ms=$(ip netns exec "$NETSHELL_LAB-node1" ping -c "$REPS" -i 0.2 -q 192.168.56.11 | sed -n 's|.*= \([0-9.]*\)/.*|\1|p')
lab_rtt=$(rtt_of <<<"$lab_out"); lab_cmd=$(time_of <<<"$lab_out")
ssh_rtt=$(rtt_of <<<"$ssh_out"); ssh_cmd=$(time_of <<<"$ssh_out")
printf '%-28s %10s\n' "figure (ms, median of $REPS)" value
printf '%-28s %10s\n' "ping node1→node2 (min)" "$ping_ms" "lab: nodes RTTMS" "$lab_rtt" "lab: time node1 true" "$lab_cmd" \
  "ssh: nodes RTTMS" "$ssh_rtt" "ssh: time node1 true" "$ssh_cmd"
awk -v a="$lab_cmd" -v b="$lab_rtt" -v c="$ssh_cmd" -v d="$ssh_rtt" 'BEGIN {
  printf "a whole command costs %.0fx the round trip on a lab node, %.0fx over SSH\n", a / (b > 0 ? b : 0.01), c / (d > 0 ? d : 0.01) }'
