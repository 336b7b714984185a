#!/usr/bin/env bash
# Load-balancer benchmark, one run (as root). Programs a VIP with 10, 100 and 1000 backends:
#   netshell kernel time  = the single 'iptables-restore --noflush' of the whole rule set;
#   netshell end-to-end   = 'lb add-vip' in-process on a lab node (read state, plan, restore, -C/-I jumps; JVM start excluded);
#   walkthrough way       = one 'iptables -N/-A' call per chain/rule (same rules), run by a shell inside the namespace.
# Then the fairness table: χ² p-values of the even ladder and of the naive 1/N ladder, from SIMULATED random draws
# (rule i takes a connection with its probability, as the statistic match does), 400 connections per N like 'lb test'.
# Everything happens in namespaces named nsl-bench-*; nothing touches this machine's own rules.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/netshell.jar
[ -f "$jar" ] && [ -d target/test-classes/netshell/bench ] || mvn -q -B -o -DskipTests package   # the jar and the bench classes (test sources)
[ "$(id -u)" = 0 ] || { echo "bench/lb.sh: run as root" >&2; exit 2; }
tool() { java -XX:TieredStopAtLevel=1 -cp "$jar:target/test-classes" netshell.bench.LbBench "$@"; }
now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }

tag=nsl-bench-$RANDOM
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
