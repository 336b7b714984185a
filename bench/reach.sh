#!/usr/bin/env bash
# pingall and iperf on a 3-node lab with an overlay and one container per node (web1..web3).
#   pingall: median over REPS (default 5) of a warm 'time pingall' (second in its shell; 12 pairs: 6 node pairs, 6 container pairs), against
#            a baseline run in the same lab: the same 12 pings one after another, as the walkthroughs did by hand.
#   iperf:   'iperf web1 web2' (containers on two nodes, across the VXLAN) against 'iperf node1 node2' (the
#            underlay it rides on), TIME seconds each (default 3).
# Prints the figures and ratios. Needs root (namespaces) and iperf3.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
reps="${REPS:-5}"
secs="${TIME:-3}"
lab="nsreach$$"
export NETSHELL_LAB="$lab"

[ "$(id -u)" = 0 ] || { echo "bench/reach.sh: needs root (network namespaces)" >&2; exit 2; }
command -v iperf3 >/dev/null || { echo "bench/reach.sh: needs iperf3 (apt-get install iperf3)" >&2; exit 2; }

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }
cleanup() { "$here/shell" -c "lab down --name $lab" >/dev/null 2>&1 || true; }
trap cleanup EXIT

(cd "$here" && mvn -q -B -o -DskipTests package) >/dev/null 2>&1 || (cd "$here" && mvn -q -B -DskipTests package) >&2

"$here/shell" -c "lab up --name $lab --nodes 3; overlay create 10.0.0.0/24; container run web1 --on node1; container run web2 --on node2; container run web3 --on node3" >/tmp/$lab.out 2>&1 \
  || { echo "setup failed:" >&2; cat /tmp/$lab.out >&2; exit 1; }

ns_times=()
for i in $(seq "$reps"); do
  "$here/shell" -c "pingall >/dev/null; time pingall" >/tmp/$lab.out 2>&1 || { echo "pingall run $i failed:" >&2; cat /tmp/$lab.out >&2; exit 1; }
  ns_times+=($(sed -n 's/^time: \([0-9]*\)\..*/\1/p' /tmp/$lab.out))
done
summary=$(grep -m1 'reachable' /tmp/$lab.out)
ns_median=$(printf '%s\n' "${ns_times[@]}" | median)
echo "pingall (3 nodes, 3 containers, 12 pairs, in parallel): median ${ns_median} ms  (runs: ${ns_times[*]}; $summary)"

# The same 12 pings, one after another, straight from bash (no JVM at all).
nodes=(1 2 3)
seq_times=()
for i in $(seq "$reps"); do
  t0=$(now_ms)
  for a in "${nodes[@]}"; do for b in "${nodes[@]}"; do
    [ "$a" = "$b" ] && continue
    ip netns exec "$lab-node$a" ping -n -c 1 -W 1 "192.168.56.$((9 + b))" >/dev/null || echo "node$a→node$b dropped" >&2
    ip netns exec "$lab-node$a" ip netns exec "$lab-node$a-web$a" ping -n -c 1 -W 1 "10.0.0.$((1 + 64 * b))" >/dev/null \
      || echo "web$a→web$b dropped" >&2
  done; done
  seq_times+=($(( $(now_ms) - t0 )))
done
seq_median=$(printf '%s\n' "${seq_times[@]}" | median)
echo "the same 12 pings one after another (bash):             median ${seq_median} ms  (runs: ${seq_times[*]})"
awk -v a="$ns_median" -v b="$seq_median" 'BEGIN { printf "ratio pingall/sequential: %.2f (below 1 = pingall faster)\n", a / b }'

# With web3's eth0 down, 4 of the 12 pairs wait out the 1 s timeout: in parallel once, one after another 4 times.
ip -n "$lab-node3-web3" link set eth0 down
t0=$(now_ms); "$here/shell" -c "pingall >/dev/null; time pingall" >/tmp/$lab.out 2>&1; status=$?
drop_ms=$(sed -n 's/^time: \([0-9]*\)\..*/\1/p' /tmp/$lab.out)
t0=$(now_ms)
for a in "${nodes[@]}"; do for b in "${nodes[@]}"; do
  [ "$a" = "$b" ] && continue
  ip netns exec "$lab-node$a" ping -n -c 1 -W 1 "192.168.56.$((9 + b))" >/dev/null 2>&1
  ip netns exec "$lab-node$a" ip netns exec "$lab-node$a-web$a" ping -n -c 1 -W 1 "10.0.0.$((1 + 64 * b))" >/dev/null 2>&1
done; done
seq_drop=$(( $(now_ms) - t0 ))
ip -n "$lab-node3-web3" link set eth0 up; ip -n "$lab-node3-web3" route replace default via 10.0.0.3
echo "web3 down: pingall ${drop_ms} ms (exit $status: $(grep -m1 -o '[0-9]* of 12 pairs dropped' /tmp/$lab.out)), sequential ${seq_drop} ms"
awk -v a="$drop_ms" -v b="$seq_drop" 'BEGIN { printf "ratio pingall/sequential with drops: %.2f\n", a / b }'

"$here/shell" -c "iperf web1 web2 --time $secs --json" >/tmp/$lab.over 2>&1 || { cat /tmp/$lab.over >&2; exit 1; }
"$here/shell" -c "iperf node1 node2 --time $secs --json" >/tmp/$lab.under 2>&1 || { cat /tmp/$lab.under >&2; exit 1; }
rate() { sed -n 's/.*"receivedBps": *\([0-9.eE+]*\).*/\1/p' "$1" | head -1; }
rtx() { sed -n 's/.*"retransmits": *\([0-9]*\).*/\1/p' "$1" | head -1; }
over=$(rate /tmp/$lab.over); under=$(rate /tmp/$lab.under)
awk -v o="$over" -v u="$under" -v ro="$(rtx /tmp/$lab.over)" -v ru="$(rtx /tmp/$lab.under)" -v s="$secs" 'BEGIN {
  printf "iperf web1 → web2 (overlay, VXLAN):  %.2f Gbit/s received, %s retransmits, %s s\n", o / 1e9, ro, s
  printf "iperf node1 → node2 (underlay):      %.2f Gbit/s received, %s retransmits, %s s\n", u / 1e9, ru, s
  printf "ratio overlay/underlay: %.2f\n", o / u }'
leftover=$(for ns in $(ip netns list | awk '{print $1}' | grep "^$lab"); do ip netns pids "$ns"; done | xargs -r -n1 -I{} cat /proc/{}/comm 2>/dev/null | grep -c iperf3)
echo "iperf3 processes left in the lab: $leftover"
rm -f /tmp/$lab.out /tmp/$lab.over /tmp/$lab.under
