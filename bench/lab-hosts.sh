#!/usr/bin/env bash
# A lab over hosts, one run (as root): a 32-node topology (a chain n1–…–n32, 31 links) brought up with
# 'lab up FILE --hosts' on 1 host and on 2 hosts, then pingall over the lab LAN, then 'lab down'; each step as a user
# runs it (./shell -c, JVM start included), medians of REPS (default 3). The hosts are the nodes of an SSH lab of
# this run's own (namespaces with sshd, as the tests use), so nothing outside it is touched. NODES changes 32.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
reps="${REPS:-3}"
n="${NODES:-32}"
hosts_lab="nsbh$$"
lab="nsbl$$"

[ "$(id -u)" = 0 ] || { echo "bench/lab-hosts.sh: needs root (network namespaces)" >&2; exit 2; }

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

dir="$(mktemp -d)"
cleanup() {
  "$here/shell" -c "lab down --name $lab" >/dev/null 2>&1 || true
  "$here/shell" -c "lab down --name $hosts_lab" >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

(cd "$here" && mvn -q -B -o -DskipTests package) >/dev/null 2>&1 || (cd "$here" && mvn -q -B -DskipTests package) >&2
"$here/shell" -c "lab up --name $hosts_lab --nodes 2 --ssh" >/dev/null || { echo "cannot start the hosts" >&2; exit 1; }
inventory="/var/lib/netshell/labs/$hosts_lab/nodes.ssh"
[ -f "$inventory" ] || { echo "no $inventory" >&2; exit 1; }

file="$dir/chain.clab.yml"
{
  echo "name: $lab"
  echo "topology:"
  echo "  nodes:"
  for i in $(seq "$n"); do echo "    n$i: {kind: linux}"; done
  echo "  links:"
  for i in $(seq $((n - 1))); do echo "    - endpoints: [\"n$i:eth2\", \"n$((i + 1)):eth1\"]"; done
} >"$file"

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for hosts in node1 node1,node2; do
  up=(); ping=(); down=()
  for r in $(seq "$reps"); do
    t0=$(now_ms)
    "$here/shell" -i "$inventory" -c "lab up $file --hosts $hosts" >"$dir/out" 2>&1 \
      || { echo "lab up --hosts $hosts failed:" >&2; cat "$dir/out" >&2; exit 1; }
    t1=$(now_ms)
    NETSHELL_LAB=$lab "$here/shell" -c "pingall --underlay" >"$dir/out" 2>&1 \
      || { echo "pingall over $hosts failed:" >&2; tail -3 "$dir/out" >&2; exit 1; }
    t2=$(now_ms)
    "$here/shell" -c "lab down --name $lab" >"$dir/out" 2>&1 \
      || { echo "lab down failed:" >&2; cat "$dir/out" >&2; exit 1; }
    t3=$(now_ms)
    up+=($((t1 - t0))); ping+=($((t2 - t1))); down+=($((t3 - t2)))
  done
  count=$(tr ',' '\n' <<<"$hosts" | wc -l)
  printf '%d nodes on %d host(s): lab up median %6d ms   pingall (%d pairs) %6d ms   lab down %6d ms   (up runs: %s)\n' \
    "$n" "$count" "$(printf '%s\n' "${up[@]}" | median)" $((n * (n - 1))) "$(printf '%s\n' "${ping[@]}" | median)" \
    "$(printf '%s\n' "${down[@]}" | median)" "${up[*]}"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
