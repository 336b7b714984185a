#!/usr/bin/env bash
# tcpdump -w against the text capture and against plain tcpdump, on a ping flood between two lab containers
# across the VXLAN (web1 on node1 → web2 on node2). Each run captures COUNT packets per node (default 20000) from
# the underlay of both nodes; the rate is the packets of both nodes over the time from the flood's start to the
# capture's end (median of REPS runs, default 3):
#   plain:  tcpdump -w /dev/null in each node, no netshell (what the machine can capture at all)
#   immediate: the tcpdump netshell runs for -w (immediate mode, -U, pcap on a pipe), without netshell
#   text:   ./shell -c 'tcpdump vxlan -c COUNT' > /dev/null   (lines decoded, merged, rendered)
#   file:   ./shell -c 'tcpdump vxlan -c COUNT -w FILE'        (pcap bytes merged into one pcapng file)
# The file is checked with capinfos (all packets there, strict time order). Needs root, tcpdump and capinfos (tshark).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${COUNT:-20000}"
reps="${REPS:-3}"
lab="nspcap$$"
file="/tmp/$lab.pcapng"
export NETSHELL_LAB="$lab"

[ "$(id -u)" = 0 ] || { echo "bench/pcap.sh: needs root (network namespaces)" >&2; exit 2; }
command -v capinfos >/dev/null || { echo "bench/pcap.sh: needs capinfos (apt-get install tshark)" >&2; exit 2; }

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }
flood_pid=""
cleanup() {
  [ -n "$flood_pid" ] && kill "$flood_pid" 2>/dev/null
  "$here/shell" -c "lab down --name $lab" >/dev/null 2>&1 || true
  rm -f "$file" /tmp/$lab.out /tmp/$lab.err /tmp/$lab.sum
}
trap cleanup EXIT

(cd "$here" && mvn -q -B -o -DskipTests package) >/dev/null 2>&1 || (cd "$here" && mvn -q -B -DskipTests package) >&2
"$here/shell" -c "lab up --name $lab --nodes 2; overlay create 10.0.0.0/24; container run web1 --on node1; container run web2 --on node2" \
  >/tmp/$lab.out 2>&1 || { echo "setup failed:" >&2; cat /tmp/$lab.out >&2; exit 1; }

# Whether a tcpdump in the node's namespace has its packet socket bound to an interface (it sees packets now).
capturing() {
  local pid
  for pid in $(ip netns pids "$lab-$1"); do
    [ "$(cat /proc/$pid/comm 2>/dev/null)" = tcpdump ] || continue
    awk 'NR > 1 && $5 != 0 { found = 1 } END { exit !found }' /proc/$pid/net/packet 2>/dev/null && return 0
  done
  return 1
}

# Runs the capture command in the background, floods once both nodes capture, prints the ms from flood to end.
timed_run() {
  "$@" &
  local capture=$! t0 i
  for i in $(seq 400); do capturing node1 && capturing node2 && break; sleep 0.05; done
  t0=$(now_ms)
  ip netns exec "$lab-node1" ip netns exec "$lab-node1-web1" ping -f -q 10.0.0.129 >/dev/null 2>&1 &
  flood_pid=$!
  wait "$capture"
  echo $(( $(now_ms) - t0 ))
  kill "$flood_pid" 2>/dev/null; wait "$flood_pid" 2>/dev/null; flood_pid=""
}

plain() {
  ip netns exec "$lab-node1" tcpdump -i eth1 -c "$count" -w /dev/null udp port 4789 2>/dev/null &
  ip netns exec "$lab-node2" tcpdump -i eth1 -c "$count" -w /dev/null udp port 4789 2>/dev/null
  wait
}
# What netshell asks of each node's tcpdump (immediate mode, nanoseconds, packet-buffered pcap on a pipe).
immediate() {
  local args=(-i eth1 --immediate-mode --time-stamp-precision=nano -U -c "$count" -w - udp port 4789)
  ip netns exec "$lab-node1" tcpdump "${args[@]}" 2>/dev/null | cat >/dev/null &
  ip netns exec "$lab-node2" tcpdump "${args[@]}" 2>/dev/null | cat >/dev/null
  wait
}
text() { "$here/shell" -c "tcpdump vxlan -c $count" >/dev/null 2>/tmp/$lab.err; }
to_file() { "$here/shell" -c "tcpdump vxlan -c $count -w $file" >/tmp/$lab.sum 2>/tmp/$lab.err; }

rate() { awk -v n=$((2 * count)) -v ms="$1" 'BEGIN { printf "%.0f", n / (ms / 1000) }'; }
declare -A ms
for mode in plain immediate text to_file; do
  runs=()
  for i in $(seq "$reps"); do runs+=($(timed_run $mode)); done
  ms[$mode]=$(printf '%s\n' "${runs[@]}" | median)
  echo "$mode: median ${ms[$mode]} ms for $((2 * count)) packets = $(rate "${ms[$mode]}") packets/s  (runs: ${runs[*]} ms)"
done
echo "file: $(cat /tmp/$lab.sum)"
capinfos "$file" | grep -E "Number of packets|Strict time order|Number of interfaces"
awk -v f="${ms[to_file]}" -v t="${ms[text]}" -v p="${ms[plain]}" -v i="${ms[immediate]}" 'BEGIN {
  printf "ratio file/text packets/s: %.2f; file/plain tcpdump: %.2f; file/immediate tcpdump: %.2f\n", t / f, p / f, i / f }'
