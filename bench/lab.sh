#!/usr/bin/env bash
# One run, medians over REPS repetitions (default 5) of a full lab lifecycle:
#   netshell: lab up (2 nodes) + overlay create + two containers + lab down, in one ./shell -c line;
#   Mininet:  mn --switch lxbr --controller none --topo single,2 --test none (installed with apt-get if missing).
# Prints both medians and the ratio. Needs root (namespaces).
# bench/lab.sh --scale: the lab at scale instead (bench/scale.sh with N = 2 8 24 50 100: lab up, overlay create,
# doctor, all true, lab down per N, against a build of main in the same run), after the 0.1 figures for reference.
# bench/lab.sh --hosts: a 32-node lab from a topology file on 1 host against 2 hosts (bench/lab-hosts.sh: lab up FILE
# --hosts, pingall, lab down; the hosts are namespaces with sshd).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "${1:-}" = --scale ]; then
  echo "0.1, as measured in issue 13 (ms; lab up / overlay create / doctor / lab down):"
  echo "  N=2: 480 / 870 / 720 / 390   N=8: 760 / 3050 / 2380 / 540   N=24: 1530 / 13500 / 12200 / 870"
  NODES="${NODES:-2 8 24 50 100}" exec "$here/bench/scale.sh"
fi
if [ "${1:-}" = --hosts ]; then
  exec "$here/bench/lab-hosts.sh"
fi
reps="${REPS:-5}"
lab="nso-bench$$"
export NETSHELL_LAB="$lab"

[ "$(id -u)" = 0 ] || { echo "bench/lab.sh: needs root (network namespaces)" >&2; exit 2; }

now_ms() { date +%s%3N; }

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

cleanup() { "$here/shell" -c "lab down --name $lab" >/dev/null 2>&1 || true; }
trap cleanup EXIT

# Build once, outside the timings.
(cd "$here" && mvn -q -B -o -DskipTests package) >/dev/null 2>&1 || (cd "$here" && mvn -q -B -DskipTests package) >&2

line="lab up --name $lab --nodes 2; overlay create 10.0.0.0/24; container run web1 --on node1; container run web2 --on node2; lab down --name $lab"
ns_times=()
for i in $(seq "$reps"); do
  t0=$(now_ms)
  if ! "$here/shell" -c "$line" >/tmp/$lab.out 2>&1; then
    echo "netshell run $i failed:" >&2; cat /tmp/$lab.out >&2; exit 1
  fi
  ns_times+=($(( $(now_ms) - t0 )))
done
rm -f /tmp/$lab.out
ns_median=$(printf '%s\n' "${ns_times[@]}" | median)
echo "netshell  lab up + overlay create + 2 containers + lab down: median ${ns_median} ms  (runs: ${ns_times[*]})"

# Like for like with Mininet's lifecycle (two hosts on a switch, no servers): lab up + lab down.
bare_times=()
for i in $(seq "$reps"); do
  t0=$(now_ms)
  "$here/shell" -c "lab up --name $lab --nodes 2; lab down --name $lab" >/dev/null 2>&1 || { echo "netshell bare run $i failed" >&2; exit 1; }
  bare_times+=($(( $(now_ms) - t0 )))
done
bare_median=$(printf '%s\n' "${bare_times[@]}" | median)
echo "netshell  lab up + lab down (2 nodes on a bridge, like mn):      median ${bare_median} ms  (runs: ${bare_times[*]})"

if ! command -v mn >/dev/null 2>&1 || ! command -v brctl >/dev/null 2>&1; then
  echo "installing mininet (apt-get)…" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mininet bridge-utils >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mininet bridge-utils >/dev/null 2>&1; }
fi
if ! command -v mn >/dev/null 2>&1 || ! command -v brctl >/dev/null 2>&1; then
  echo "mininet: not available (apt-get install mininet failed); no ratio"
  exit 0
fi

mn_times=()
for i in $(seq "$reps"); do
  t0=$(now_ms)
  if ! mn --switch lxbr --controller none --topo single,2 --test none >/tmp/$lab.mn 2>&1; then
    echo "mininet: cannot run here: $(grep -m1 -iE 'error|exception|cannot|not found' /tmp/$lab.mn || tail -1 /tmp/$lab.mn)"
    mn -c >/dev/null 2>&1 || true
    rm -f /tmp/$lab.mn
    exit 0
  fi
  mn_times+=($(( $(now_ms) - t0 )))
done
rm -f /tmp/$lab.mn
mn_median=$(printf '%s\n' "${mn_times[@]}" | median)
echo "mininet   mn --switch lxbr --controller none --topo single,2 --test none: median ${mn_median} ms  (runs: ${mn_times[*]})"
awk -v a="$ns_median" -v b="$mn_median" 'BEGIN { printf "ratio netshell (overlay + 2 web servers)/mininet: %.2f (below 1 = netshell faster)\n", a / b }'
awk -v a="$bare_median" -v b="$mn_median" 'BEGIN { printf "ratio netshell (lab only)/mininet:               %.2f (below 1 = netshell faster)\n", a / b }'
