#!/usr/bin/env bash
# Round trips per node (issue 28): how many times a command goes to each node (a command sent and its answer
# awaited: run, stream, or runAll batched into one script) for `lb add-vip`, `doctor` and a `--confirm` change,
# counted by netshell itself at the transport boundary (NETSHELL_ROUND_TRIPS=1 prints one line per command).
# Both transports: lab nodes (ip netns exec) and real SSH into the same kind of lab, each in a lab of its own
# (3 nodes; the VIPs are served by node1 and node2, their backends are node3). The first VIP on a node also
# inserts the jumps into the built-in chains; the second finds them there. "localhost" on the lab's first
# command is the lab finding its namespaces (once per process). Run as root; the labs are removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "bench/roundtrips.sh: run as root" >&2; exit 2; }
PREFIX=${PREFIX:-nsbench-rt}
labs=("$PREFIX-lab" "$PREFIX-ssh")
journal=$(mktemp -d)
cleanup() {
  local l
  for l in "${labs[@]}"; do ./shell -c "lab down --name $l" >/dev/null 2>&1 || true; done
  rm -rf "$journal"
}
trap cleanup EXIT

backends="--backend 192.168.56.12:8080 --backend 192.168.56.12:8081"
labels=("lb add-vip (first VIP)" "lb add-vip (second VIP)" "doctor" "vxlan create --confirm 60" "confirm")
lines=("lb add-vip 192.168.56.100:80 --on node1,node2 $backends"
  "lb add-vip 192.168.56.101:80 --on node1,node2 $backends"
  "doctor"
  "vxlan create --vni 4242 --name nsbrt0 --on node1,node2 --confirm 60"
  "confirm")

# The "round trips:" line of each command of LINE, in order, run in one netshell process (a failing doctor
# check is no failure here).
counts() {
  local target=("$@") line
  line=$(IFS=';'; echo "${lines[*]}")
  NETSHELL_ROUND_TRIPS=1 java -Dnetshell.journal="$journal" -jar target/netshell.jar "${target[@]}" -c "$line" \
    2>&1 >/dev/null | grep '^round trips: ' || true
}

# "round trips: node1 7, node2 7" -> "7  node1 7, node2 7" (the most any node took, then each node's).
row() {
  sed 's/^round trips: //' | awk '{ n = split($0, p, ", "); max = 0
    for (i = 1; i <= n; i++) { split(p[i], f, " "); if (f[2] + 0 > max) max = f[2] + 0 }
    printf "%4d  %s\n", max, $0 }'
}

printf '%-28s %-4s %4s  %s\n' command via max "per node"
for l in "${labs[@]}"; do
  ssh=(); via=lab
  [ "$l" = "$PREFIX-ssh" ] && ssh=(--ssh) && via=ssh
  ./shell -c "lab up --nodes 3 ${ssh[*]} --name $l" >/dev/null
  target=(--lab); [ "$via" = ssh ] && target=(-i "/var/lib/netshell/labs/$l/nodes.ssh")
  mapfile -t got < <(NETSHELL_LAB=$l counts "${target[@]}")
  [ "${#got[@]}" -eq "${#lines[@]}" ] || { echo "bench/roundtrips.sh: $via: ${#got[@]} count lines for" \
    "${#lines[@]} commands" >&2; printf '  %s\n' "${got[@]}" >&2; exit 1; }
  for i in "${!lines[@]}"; do
    printf '%-28s %-4s %s\n' "${labels[$i]}" "$via" "$(row <<<"${got[$i]}")"
  done
  ./shell -c "lab down --name $l" >/dev/null
done
