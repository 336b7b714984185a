#!/usr/bin/env bash
# What --confirm costs: a change (vxlan create) on 2 and 8 lab nodes over real SSH, plain against confirmed
# (snapshot + rollback armed on each node + 'confirm' disarming it), and the same for a raw command.
# Every figure is a median of REPS repetitions in one netshell process (warm SSH sessions), measured in this run.
# Run as root (it builds a lab of 8 namespaces with sshd, and removes it at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${REPS:-5}
LAB=${LAB:-nsbench-confirm}
export NETSHELL_LAB=$LAB
journal=$(mktemp -d)
cleanup() { ./shell -c "lab down --name $LAB" >/dev/null 2>&1 || true; rm -rf "$journal"; }
trap cleanup EXIT
./shell -c "lab up --nodes 8 --ssh --name $LAB" >/dev/null
cfg="/var/lib/netshell/labs/$LAB/nodes.ssh"

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}'; }
# Runs LINES in one netshell process; prints the ms of every 'time' line, one per line.
times() { java -Dnetshell.journal="$journal" -jar target/netshell.jar -i "$cfg" -c "$1" 2>/dev/null \
  | sed -n 's/^time: \([0-9.]*\) ms$/\1/p'; }
# Sums consecutive groups of N figures (a change and its confirm).
sum_by() { awk -v n="$1" '{s+=$1} NR%n==0 {print s; s=0}'; }

measure() {
  local sel=$1 create="vxlan create --vni 4242 --name nsbv0 --on $1" delete="vxlan delete --name nsbv0 --on $1"
  local raw="on $1 ip link add nsbr0 type bridge" unraw="on $1 ip link del nsbr0"
  local plain="nodes; $create; $delete" confirmed="nodes; $create --confirm 60; confirm; $delete"
  local rplain="nodes; $raw; $unraw" rconfirmed="nodes; on $1 --confirm 60 ip link add nsbr0 type bridge; confirm; $unraw"
  for _ in $(seq "$REPS"); do
    plain="$plain; time $create; $delete"
    confirmed="$confirmed; time $create --confirm 60; time confirm; $delete"
    rplain="$rplain; time $raw; $unraw"
    rconfirmed="$rconfirmed; time on $1 --confirm 60 ip link add nsbr0 type bridge; time confirm; $unraw"
  done
  p=$(times "$plain" | median); c=$(times "$confirmed" | sum_by 2 | median)
  rp=$(times "$rplain" | median); rc=$(times "$rconfirmed" | sum_by 2 | median)
  echo "$p $c $rp $rc"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b+0 == 0) print "n/a"; else printf "%.2f", a/b }'; }

read -r p2 c2 rp2 rc2 < <(measure 'node1,node2')
read -r p8 c8 rp8 rc8 < <(measure 'node*')
printf '%-52s %9s %9s\n' "median of $REPS, ms" "2 nodes" "8 nodes"
printf '%-52s %9s %9s\n' "vxlan create (journaled)" "$p2" "$p8"
printf '%-52s %9s %9s\n' "vxlan create --confirm 60 + confirm" "$c2" "$c8"
printf '%-52s %9s %9s\n' "raw ip link add (not journaled)" "$rp2" "$rp8"
printf '%-52s %9s %9s\n' "raw --confirm 60 ip link add + confirm" "$rc2" "$rc8"
echo
echo "confirmed / plain vxlan create, 2 nodes (goal <= 1.5): $(ratio "$c2" "$p2")"
echo "confirmed / plain vxlan create, 8 nodes (goal <= 1.5): $(ratio "$c8" "$p8")"
echo "confirmed / plain raw command, 2 nodes:               $(ratio "$rc2" "$rp2")"
echo "confirmed / plain raw command, 8 nodes:               $(ratio "$rc8" "$rp8")"
