#!/usr/bin/env bash
# The safety net on nodes as big as production ones: a lab node carrying a generated kube-proxy-style nat table
# (1k/10k/100k lines) or a routing table (10k/100k/1M routes), and for each size the wall time and netshell's peak
# RSS of: a one-line change (plain and --confirm + confirm), 'changes show' of it, 'undo', the node-side rollback
# of an unconfirmed one-line change, 'lb add-vip' and 'doctor'; then the growth per 10x of size.
# Baseline in the same run: the same commands on an empty node, and one 'ip route show table all' per size.
# Run as root. SIZES_NF / SIZES_ROUTES override the sizes (e.g. SIZES_ROUTES="10000 100000" for a quick run).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES_NF=${SIZES_NF:-"1000 10000 100000"}
SIZES_ROUTES=${SIZES_ROUTES:-"10000 100000 1000000"}
LAB=${LAB:-nsbench-big}
export NETSHELL_LAB=$LAB
command -v /usr/bin/time >/dev/null 2>&1 || apt-get install -y -qq time >/dev/null
./shell -c true >/dev/null 2>&1 || true   # builds the jar when needed
[ -d target/test-classes ] || mvn -q -B -o test-compile
journal=$(mktemp -d)
cleanup() { ./shell -c "lab down --name $LAB" >/dev/null 2>&1 || true; rm -rf "$journal"; }
trap cleanup EXIT
ns=$LAB-node1
cp="target/test-classes:target/netshell.jar"

# run LINE: prints "SECONDS PEAK_RSS_MB" of one netshell process running LINE.
run() {
  /usr/bin/time -f "%e %M" -o "$journal/t" java -Xmx512m -Dnetshell.journal="$journal" -jar target/netshell.jar \
    -c "$1" > "$journal/out" 2>&1 || { echo "FAILED: $1" >&2; tail -3 "$journal/out" >&2; }
  awk '{printf "%.2f %d\n", $1, $2/1024}' "$journal/t"
}
last() { ls "$journal" | sed -n 's/^\([0-9]*\)\.json$/\1/p' | sort -n | tail -1 | sed 's/^0*//'; }
# rollback: arms an unconfirmed one-line change (2 s) and prints the seconds from the command's start to the node's
# rollback being done (the new .done marker), less the 2 s deadline: JVM start, snapshot and restore together.
rollback() {
  local dir=/run/netshell/rollback before start i=0
  before=$(ls "$dir"/*.done 2>/dev/null | wc -l)
  start=$(date +%s.%N)
  run "node1 --confirm 2 $1" >/dev/null
  while [ "$(ls "$dir"/*.done 2>/dev/null | wc -l)" -le "$before" ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i + 1)); done
  local done; done=$(ls -t "$dir"/*.done 2>/dev/null | head -1)
  [ $i -lt 1200 ] || { echo "n/a"; return; }
  awk -v s="$start" -v e="$(stat -c %.9Y "$done")" 'BEGIN { printf "%.2f\n", e - s - 2 }'
}

measure() { # KIND SIZE CHANGE REVERT (a raw command is journaled only with --confirm: REVERT undoes the plain one)
  local label="$1 $2" kind=$1 size=$2 change=$3 revert=$4
  read -r t_plain m_plain < <(run "node1 $change")
  run "node1 $revert" >/dev/null
  read -r t_conf m_conf < <(run "node1 --confirm 60 $change; confirm")
  local id; id=$(last)
  local jb; jb=$(du -bc "$journal/$(printf %06d "$id")".* 2>/dev/null | tail -1 | cut -f1)
  read -r t_show m_show < <(run "changes show $id")
  read -r t_undo m_undo < <(run "undo $id")
  local t_rb; t_rb=$(rollback "$change")
  sleep 1
  read -r t_lb m_lb < <(run "lb add-vip 192.168.56.200:80 --on node1 --backend 10.0.1.11:80")
  run "lb delete 192.168.56.200:80 --on node1" >/dev/null
  read -r t_doc m_doc < <(run "doctor --on node1")
  local peak; peak=$(printf '%s\n' "$m_plain" "$m_conf" "$m_show" "$m_undo" "$m_lb" "$m_doc" | sort -n | tail -1)
  printf "%-22s %7s %7s %7s %7s %8s %7s %7s %6s %8s\n" "$label" "$t_plain" "$t_conf" "$t_show" "$t_undo" "$t_rb" \
    "$t_lb" "$t_doc" "$peak" "$jb"
  echo "$kind $size $t_plain $t_conf $t_show $t_undo $t_rb $t_lb $t_doc $peak" >> "$journal/figures"
}

header() {
  printf "%-22s %7s %7s %7s %7s %8s %7s %7s %6s %8s\n" "node" "change" "confirm" "show" "undo" "rollback" "lb-vip" \
    "doctor" "MB" "journalB"
}

./shell -c "lab up --nodes 2 --name $LAB" >/dev/null
echo "times in seconds (each a fresh netshell process, JVM start included); MB: netshell's peak RSS"
header
measure empty 0 "ip route add 10.255.1.0/24 via 192.168.56.11" "ip route del 10.255.1.0/24"

for n in $SIZES_NF; do
  services=$((n / 6))
  ip netns exec "$ns" iptables -t nat -F; ip netns exec "$ns" iptables -t nat -X
  java -cp "$cp" netshell.change.BigTables nat "$services" | ip netns exec "$ns" iptables-restore --noflush
  lines=$(ip netns exec "$ns" iptables-save -t nat | wc -l)
  measure nat-lines "$lines" "iptables -t nat -I KUBE-SERVICES 2 -d 10.97.0.1/32 -p tcp --dport 443 -j KUBE-MARK-MASQ" \
    "iptables -t nat -D KUBE-SERVICES -d 10.97.0.1/32 -p tcp --dport 443 -j KUBE-MARK-MASQ"
done
ip netns exec "$ns" iptables -t nat -F; ip netns exec "$ns" iptables -t nat -X

for n in $SIZES_ROUTES; do
  ip -n "$ns" route flush root 10.128.0.0/9 2>/dev/null || true
  java -cp "$cp" netshell.change.BigTables routes "$n" 192.168.56.11 | ip -n "$ns" -batch -
  floor=$( { /usr/bin/time -f "%e" ip -n "$ns" route show table all > /dev/null; } 2>&1 )
  echo "  (one 'ip route show table all' at $n routes: ${floor} s)"
  measure routes "$n" "ip route add 10.255.1.0/24 via 192.168.56.11" "ip route del 10.255.1.0/24"
done

echo
echo "growth per 10x of size (time at 10x / time at 1x; linear is 10):"
echo "  (columns: change confirm show undo rollback lb-vip doctor)"
awk '{ kind = $1; if (kind == prev) { printf "  %-10s %8s -> %8s:", kind, pl, $2
         for (i = 3; i <= 9; i++) printf " %5.1f", ($i > 0 && p[i] > 0) ? $i / p[i] : 0; printf "\n" }
       prev = kind; pl = $2; for (i = 3; i <= 9; i++) p[i] = $i }' "$journal/figures"
echo "vs the empty node (time at the largest size / empty):"
awk 'NR == 1 { for (i = 3; i <= 9; i++) e[i] = $i; next } { last[$1] = $0 }
     END { for (k in last) { split(last[k], f, " "); printf "  %-10s %8s:", k, f[2]
           for (i = 3; i <= 9; i++) printf " %5.1f", (e[i] > 0) ? f[i] / e[i] : 0; printf "\n" } }' "$journal/figures"

# 'changes' reads headers only: 1000 journaled changes listed, against a netshell that lists nothing.
first=$(ls "$journal" | grep -m1 '^[0-9]*\.json$')
for i in $(seq 1000 1999); do cp "$journal/$first" "$journal/$(printf %06d "$i").json"; done
read -r t_empty _ < <(run "true")
read -r t_list m_list < <(run "changes --all")
echo
echo "changes --all over $(ls "$journal" | grep -c '\.json$') journal entries: ${t_list} s (a netshell that lists nothing: ${t_empty} s), ${m_list} MB"
