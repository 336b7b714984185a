#!/usr/bin/env bash
# trace --simulate on a 2-node VIP path (walkthrough 2: web1 on node1, web2 on node2, VIP 10.0.0.100:80 on node1
# over both), against the same reads by hand: one `ip route get`, `nft list ruleset` and `bridge fdb show` per node
# (issue 24), and on a lab of 8 nodes at the end. Each trace runs in one netshell process after a first one (class
# loading and JIT are not the command's cost); round trips per node as netshell counts them (NETSHELL_ROUND_TRIPS=1). Then the live trace (one
# probe, marked and traced on both nodes) on the same paths, against the same steps typed by hand (nft monitor, a trace
# table, counters before and after, the probe, conntrack, the table removed, per node), and through iptables TRACE on
# nodes without nft (xtables-monitor, TRACE rules in raw). Goal: live under 2 s. The
# VIP's backends are web1 and web2: when conntrack picks web1, the sender itself, the connection is a hairpin (it
# answers because container ports are in hairpin mode and lb source-NATs a backend calling its own VIP).
# Run as root; the lab is removed at the end. RUNS=5 by default.
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
for mode in --simulate ""; do
  for path in "web1 10.0.0.100:80" "web1 web2:80" "node1 node2"; do
    # (time's own lines follow the trace's; a redirect would take them too)
    line="trace $path $mode > /dev/null"
    for i in $(seq "$RUNS"); do line="$line; time trace $path $mode"; done
    times=$(NETSHELL_ROUND_TRIPS=1 ./shell -c "$line" 2>&1 | sed -n 's/^time: \([0-9.]*\) ms$/\1/p' | sort -n)
    trips=$(NETSHELL_ROUND_TRIPS=1 ./shell -c "trace $path $mode > /dev/null" 2>&1 | grep '^round trips' || true)
    printf 'trace %-22s %-10s  median %7.1f ms  best %7.1f ms  (%s)\n' "$path" "${mode:-live}" \
      "$(echo "$times" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" "$(echo "$times" | head -1)" "$trips"
  done
done

# The same live traces on nodes without nft, through iptables TRACE read with xtables-monitor: netshell runs in a
# mount namespace of its own where nft is /bin/false, so the lab's nodes, whose commands it starts, have none.
without_nft() {
  unshare --mount --propagation unchanged sh -c 'mount --make-slave "$(findmnt -n -o TARGET -T "$1")" &&
    mount --bind /bin/false "$1" && shift && exec "$@"' sh "$(command -v nft)" "$@"
}
for path in "web1 10.0.0.100:80" "web1 web2:80" "node1 node2"; do
  line="trace $path > /dev/null"
  for i in $(seq "$RUNS"); do line="$line; time trace $path"; done
  times=$(NETSHELL_ROUND_TRIPS=1 without_nft ./shell -c "$line" 2>&1 | sed -n 's/^time: \([0-9.]*\) ms$/\1/p' | sort -n)
  trips=$(NETSHELL_ROUND_TRIPS=1 without_nft ./shell -c "trace $path > /dev/null" 2>&1 | grep '^round trips' || true)
  printf 'trace %-22s %-10s  median %7.1f ms  best %7.1f ms  (%s)\n' "$path" "TRACE" \
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

# A live trace by hand, web1 → VIP: on each node nft monitor, a trace table, counters; the probe; then counters,
# conntrack, the table removed and the monitor stopped. Nodes one after the other, as typed.
table="inet netshell_trace_bench"
best=""
for i in $(seq "$RUNS"); do
  port=$((45990 + i)) # a port of its own per run: the last run's connection is in TIME_WAIT
  rules="meta l4proto tcp th sport $port meta nftrace set 1; meta l4proto tcp th dport $port meta nftrace set 1;
    udp dport 4789 @th,400,16 $port meta nftrace set 1; udp dport 4789 @th,416,16 $port meta nftrace set 1"
  t0=$(date +%s%N)
  pids=()
  for n in node1 node2; do
    ip netns exec "$LAB-$n" nft monitor trace >/dev/null 2>&1 &
    pids+=($!)
    printf 'table %s {\n chain pre { type filter hook prerouting priority -350; %s; }\n chain out { type filter hook output priority -350; %s; }\n}\n' \
      "$table" "$rules" "$rules" | ip netns exec "$LAB-$n" nft -f -
    ip netns exec "$LAB-$n" iptables-save -c >/dev/null
  done
  ip netns exec "$LAB-node1-web1" socat -u /dev/null TCP4:10.0.0.100:80,sourceport=$port,connect-timeout=1 || true
  for n in node1 node2; do
    ip netns exec "$LAB-$n" iptables-save -c >/dev/null
    ip netns exec "$LAB-$n" conntrack -L -p tcp --orig-port-src $port >/dev/null 2>&1 || true
    ip netns exec "$LAB-$n" nft delete table $table
  done
  kill "${pids[@]}"
  wait "${pids[@]}" 2>/dev/null || true
  t=$(ms "$t0")
  if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
done
printf 'by hand, live: nft monitor + trace table + counters + probe + conntrack on 2 nodes  best %d ms\n' "$best"

# The same trace on a lab of 8 nodes (web1 on node1, web8 on node8): what the other nodes cost a trace that reads
# the nodes of its path, against the 2-node figures above.
LAB8=${LAB8:-nsbench-trace8}
cleanup8() { NETSHELL_LAB=$LAB8 ./shell -c "lab down --name $LAB8" >/dev/null 2>&1 || true; }
trap 'cleanup; cleanup8' EXIT
NETSHELL_LAB=$LAB8 ./shell -c "lab up --nodes 8 --name $LAB8; overlay create 10.0.0.0/22;
  container run web1 --on node1; container run web8 --on node8" >/dev/null
for mode in --simulate ""; do
  line="trace web1 web8:80 $mode > /dev/null"
  for i in $(seq "$RUNS"); do line="$line; time trace web1 web8:80 $mode"; done
  times=$(NETSHELL_LAB=$LAB8 ./shell -c "$line" 2>&1 | sed -n 's/^time: \([0-9.]*\) ms$/\1/p' | sort -n)
  printf 'trace %-22s %-10s  median %7.1f ms  best %7.1f ms  (8 nodes)\n' "web1 web8:80" "${mode:-live}" \
    "$(echo "$times" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" "$(echo "$times" | head -1)"
done

# IPv6 (a lab of its own, lab up --ipv6): web1 → web2 and → a VIP [fd56::100]:80 over a dual-stack overlay on an IPv4
# underlay, and an IPv4 trace over an overlay on the IPv6 underlay (--underlay6), which reads IPv6's routes, rules and
# ip6tables in one more round trip on those nodes. The IPv4 figures above read no IPv6 at all.
LAB6=${LAB6:-nsbench-trace6}
cleanup6() { NETSHELL_LAB=$LAB6 ./shell -c "lab down --name $LAB6" >/dev/null 2>&1 || true; }
trap 'cleanup; cleanup8; cleanup6' EXIT
NETSHELL_LAB=$LAB6 ./shell -c "lab up --nodes 2 --ipv6 --name $LAB6; overlay create 10.0.0.0/24 --ipv6 fd00:10::/64;
  overlay create 10.1.0.0/24 --underlay6 --vni 200 --bridge nsbr1 --name vxlan1;
  container run web1 --on node1 --bridge nsbr0; container run web2 --on node2 --bridge nsbr0;
  container run web3 --on node1 --bridge nsbr1; container run web4 --on node2 --bridge nsbr1;
  lb add-vip [fd56::100]:80 --backend [fd00:10::81]:80 --on node1" >/dev/null
for mode in --simulate ""; do
  for path in "web1 [fd56::100]:80" "web1 web2:80 -6" "web3 web4:80"; do
    line="trace $path $mode > /dev/null"
    for i in $(seq "$RUNS"); do line="$line; time trace $path $mode"; done
    times=$(NETSHELL_LAB=$LAB6 ./shell -c "$line" 2>&1 | sed -n 's/^time: \([0-9.]*\) ms$/\1/p' | sort -n)
    trips=$(NETSHELL_LAB=$LAB6 NETSHELL_ROUND_TRIPS=1 ./shell -c "trace $path $mode > /dev/null" 2>&1 \
      | grep '^round trips' || true)
    printf 'trace %-22s %-10s  median %7.1f ms  best %7.1f ms  (IPv6 lab; %s)\n' "$path" "${mode:-live}" \
      "$(echo "$times" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" "$(echo "$times" | head -1)" "$trips"
  done
done
