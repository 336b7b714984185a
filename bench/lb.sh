#!/usr/bin/env bash
# Load-balancer benchmark, one run (as root). Programs a VIP with 10, 100 and 1000 backends:
#   netshell kernel time  = the single 'iptables-restore --noflush' of the whole rule set;
#   netshell end-to-end   = 'lb add-vip' in-process on a lab node (read state, plan, restore, -C/-I jumps; JVM start excluded);
#   walkthrough way       = one 'iptables -N/-A' call per chain/rule (same rules), run by a shell inside the namespace.
# Then the fairness table: χ² p-values of the even ladder and of the naive 1/N ladder, from SIMULATED random draws
# (rule i takes a connection with its probability, as the statistic match does), 400 connections per N like 'lb test'.
# Everything happens in namespaces named ${BENCH_PREFIX:-nsl-bench}-*; nothing touches this machine's own rules.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/netshell.jar
[ -f "$jar" ] && [ -d target/test-classes/netshell/bench ] || mvn -q -B -o -DskipTests package   # the jar and the bench classes (test sources)
[ "$(id -u)" = 0 ] || { echo "bench/lb.sh: run as root" >&2; exit 2; }
tool() { java -XX:TieredStopAtLevel=1 -cp "$jar:target/test-classes" netshell.bench.LbBench "$@"; }
now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }

tag=${BENCH_PREFIX:-nsl-bench}-$RANDOM
lab=$tag-lab
work=$(mktemp -d)
cleanup() {
    ip netns del "$tag" 2>/dev/null || true
    tool down "$lab" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

# iptables-restore text → one iptables call per chain and rule, the way the walkthrough types them.
per_rule_script() {
    awk '/^\*/ {t=substr($0,2)} /^:/ {sub(/^:/,""); print "iptables -w -t " t " -N " $1} /^-A / {print "iptables -w -t " t " " $0}' "$1"
}

if [ -z "${DATAPATH_ONLY:-}" ]; then  # DATAPATH_ONLY=1: only the datapath tables below
printf '%-9s %14s %14s %16s %12s %12s\n' backends "restore(ms)" "e2e(ms)" "per-rule(ms)" "per-rule/rst" "per-rule/e2e"
for n in 10 100 1000; do
    tool restore "$n" > "$work/r$n"
    rules=$(grep -c '^-A ' "$work/r$n")
    per_rule_script "$work/r$n" > "$work/p$n.sh"

    ip netns add "$tag"
    t0=$(now); ip netns exec "$tag" iptables-restore -w --noflush < "$work/r$n"; t1=$(now)
    restore=$(ms "$t0" "$t1")
    ip netns del "$tag"

    ip netns add "$tag"
    t0=$(now); ip netns exec "$tag" bash "$work/p$n.sh"; t1=$(now)
    perrule=$(ms "$t0" "$t1")
    ip netns del "$tag"

    e2e=$(tool e2e "$lab" "$n")
    awk -v n="$n" -v r="$restore" -v e="$e2e" -v p="$perrule" -v k="$rules" 'BEGIN {
        rr = (r > 0 ? p / r : p); re = (e > 0 ? p / e : p);
        printf "%-9s %14d %14d %16d %11.0fx %11.1fx   (%d rules)\n", n, r, e, p, rr, re, k }'
done
echo
echo "Fairness (simulated, 400 connections per N; p < 0.001 = not even):"
tool fairness 400 "${SEED:-42}"
fi


# --- The datapath: what a NEW connection costs with many VIPs (issue 13) ---
# One namespace per setup: a server on 10.1.0.1-11:8080 (on a veth), VIPS VIPs 10.200.x.y:80 × BACKENDS backends,
# a client in the same namespace (OUTPUT path) opening DP_CONNS connections (RST close, no TIME_WAIT) to the LAST
# VIP made (iptables walks every VIP rule before it; nft looks it up in the services map). Medians of 3.
# Then the time to add one backend to that VIP: iptables-restore of our chains vs one nft element/chain update.
vips="${VIPS:-1000}"; nback="${BACKENDS:-10}"; conns="${DP_CONNS:-3000}"
last="10.200.$(( (vips - 1) / 250 )).$(( (vips - 1) % 250 + 1 ))"
cat > "$work/server.py" <<'PY'
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 8080)); s.listen(4096)
while True:
    c, _ = s.accept(); c.close()
PY
cat > "$work/client.py" <<'PY'
import socket, struct, sys, time
host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
linger = struct.pack("ii", 1, 0)
def once():
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
    s.connect((host, port)); s.close()
for _ in range(200): once()
t = time.perf_counter()
for _ in range(n): once()
print(int(n / (time.perf_counter() - t)))
PY
dp_ns=$tag-dp
dp_down() {
    local pids; pids=$(ip netns pids "$dp_ns" 2>/dev/null || true)
    [ -z "$pids" ] || kill $pids 2>/dev/null || true
    ip netns del "$dp_ns" 2>/dev/null || true
}
dp_setup() { # MODE VIPS
    dp_down
    ip netns add "$dp_ns"
    ip -n "$dp_ns" link set lo up
    # A veth pair stands for the LAN (not every kernel has the dummy module).
    ip -n "$dp_ns" link add dp0 type veth peer name dp1 && ip -n "$dp_ns" link set dp0 up && ip -n "$dp_ns" link set dp1 up
    for b in $(seq 1 $((nback + 1))); do ip -n "$dp_ns" addr add "10.1.0.$b/32" dev dp0; done
    ip -n "$dp_ns" route add 10.200.0.0/16 dev dp0
    ip netns exec "$dp_ns" python3 "$work/server.py" & sleep 0.3
    tool many "$1" "$2" "$nback" 0 > "$work/dp-rules"
    if [ "$1" = nft ]; then
        ip netns exec "$dp_ns" nft -f "$work/dp-rules"
    else
        ip netns exec "$dp_ns" iptables-restore -w --noflush < "$work/dp-rules"
        ip netns exec "$dp_ns" iptables -w -t nat -A OUTPUT -j NETSHELL-SERVICES
    fi
}
dp_rate() { # VIP -> median connections/s of 3 runs
    for r in 1 2 3; do ip netns exec "$dp_ns" python3 "$work/client.py" "$1" 80 "$conns"; done | sort -n | sed -n 2p
}
dp_add() { # MODE VIPS -> ms to add one backend to the last VIP (the tool's whole run)
    tool many "$1" "$2" "$nback" 1 > "$work/dp-plus"
    local t0 t1
    if [ "$1" = nft ]; then
        t0=$(now); ip netns exec "$dp_ns" nft -f "$work/dp-plus"; t1=$(now)
    else
        t0=$(now); ip netns exec "$dp_ns" iptables-restore -w --noflush < "$work/dp-plus"; t1=$(now)
    fi
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'
}
trap 'dp_down; cleanup' EXIT
echo
echo "Datapath: new connections per second to the last VIP made ($vips VIPs x $nback backends; $conns connections, median of 3):"
printf '%-10s %7s %14s %18s\n' mode VIPs "conn/s" "add backend (ms)"
declare -A rate=()
for setup in "iptables $vips" "nft $vips" "iptables 1" "nft 1"; do
    set -- $setup
    dp_setup "$1" "$2"
    target=$last; [ "$2" = 1 ] && target=10.200.0.1
    rate[$1,$2]=$(dp_rate "$target")
    add=$(dp_add "$1" "$2")
    printf '%-10s %7s %14s %18s\n' "$1" "$2" "${rate[$1,$2]}" "$add"
done
dp_down
awk -v n1="${rate[nft,1]}" -v nm="${rate[nft,$vips]}" -v i1="${rate[iptables,1]}" -v im="${rate[iptables,$vips]}" \
    -v v="$vips" 'BEGIN {
    printf "nft:      rate with %d VIPs / with 1 VIP = %.2f (goal >= 0.90)\n", v, nm / n1
    printf "iptables: rate with %d VIPs / with 1 VIP = %.2f\n", v, im / i1
    printf "nft / iptables at %d VIPs = %.2f\n", v, nm / im }'
