#!/usr/bin/env bash
# trace --simulate on a 2-node VIP path (walkthrough 2: web1 on node1, web2 on node2, VIP 10.0.0.100:80 on node1
# over both), against the same reads by hand: one `ip route get`, `nft list ruleset` and `bridge fdb show` per node
# (issue 24). Each trace runs in one netshell process after a first one (class loading and JIT are not the
# command's cost); round trips per node as netshell counts them (NETSHELL_ROUND_TRIPS=1). Live probes are not built
# yet, so there is no live figure. Run as root; the lab is removed at the end. RUNS=5 by default.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "bench/trace.sh: run as root" >&2; exit 2; }
LAB=${LAB:-nsbench-trace}
RUNS=${RUNS:-5}
export NETSHELL_LAB=$LAB
cleanup() { ./shell -c "lab down --name $LAB" >/dev/null 2>&1 || true; }
trap cleanup EXIT

./shell -c "lab up --nodes 2 --name $LAB; overlay create 10.0.0.0/24; container run web1 --on node1;
  container run web2 --on node2; lb add-vip 10.0.0.100:80 --backend 10.0.0.65:80 --backend 10.0.0.129:80 --on node1" \
  >/dev/null

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
for path in "web1 10.0.0.100:80" "web1 web2:80" "node1 node2"; do
  # (time's own lines follow the trace's; a redirect would take them too)
  line="trace $path --simulate > /dev/null"
  for i in $(seq "$RUNS"); do line="$line; time trace $path --simulate"; done
  times=$(NETSHELL_ROUND_TRIPS=1 ./shell -c "$line" 2>&1 | sed -n 's/^time: \([0-9.]*\) ms$/\1/p' | sort -n)
  trips=$(NETSHELL_ROUND_TRIPS=1 ./shell -c "trace $path --simulate > /dev/null" 2>&1 | grep '^round trips' || true)
  printf 'trace %-22s --simulate  median %7.1f ms  best %7.1f ms  (%s)\n' "$path" \
    "$(echo "$times" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" "$(echo "$times" | head -1)" "$trips"
done

# By hand, as one would type it for each node of the path: three commands per node, one after the other.
best=""
for i in $(seq "$RUNS"); do
  t0=$(date +%s%N)
  for n in node1 node2; do
    ip netns exec "$LAB-$n" ip route get 10.0.0.129 >/dev/null
    ip netns exec "$LAB-$n" nft list ruleset >/dev/null 2>&1
    ip netns exec "$LAB-$n" bridge fdb show >/dev/null
  done
  t=$(ms "$t0")
  if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
done
printf 'by hand: ip route get + nft list ruleset + bridge fdb show on 2 nodes  best %d ms\n' "$best"
