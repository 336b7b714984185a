#!/usr/bin/env bash
# doctor benchmark, one run (as root): doctor on labs of 8 and 32 nodes (an overlay 10.0.0.0/16, a container on each
# node, a VIP on node1 over every container), timed in-process (JVM start excluded) by netshell.bench.DoctorBench:
# REPS (default 5) runs with every check and REPS with the 0.2 checks only (-Dnetshell.doctor.checks=0.2: no cause
# checks, no counter checks, and none of their reads), alternating, after one warm-up run. Prints the medians and
#   time(32) / time(8) with all checks   (linear is 4; goal <= 5)
#   all / 0.2 on 8 nodes                 (goal <= 1.5)
# with the machine's load. Labs are named ${LAB_PREFIX:-nsbdoc}-*; nothing outside them is touched.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "bench/doctor.sh: run as root" >&2; exit 2; }
jar=target/netshell.jar
[ -f "$jar" ] && [ -f target/test-classes/netshell/bench/DoctorBench.class ] || mvn -q -B -o -DskipTests package
reps=${REPS:-5}
prefix=${LAB_PREFIX:-nsbdoc}
bench() { java -XX:TieredStopAtLevel=1 -cp "$jar:target/test-classes" netshell.bench.DoctorBench "$prefix" "$@"; }

echo "load before: $(uptime | sed 's/.*load average/load average/')  ($(nproc) cores)"
printf '%-6s %10s %10s %8s %8s  %s\n' nodes "all(ms)" "0.2(ms)" "rows" "rows0.2" "runs all | 0.2 (ms)"
declare -A ALL BASE
for n in 8 32; do
  read -r nodes all base rows brows fails runs bruns <<<"$(bench "$n" "$reps")"
  ALL[$n]=$all; BASE[$n]=$base
  printf '%-6s %10s %10s %8s %8s  %s | %s%s\n' "$nodes" "$all" "$base" "$rows" "$brows" "$runs" "$bruns" \
    "$([ "$fails" = 0 ] || echo "  ($fails checks failed on the fresh lab)")"
done
echo "load after: $(uptime | sed 's/.*load average/load average/')"
awk -v a8="${ALL[8]}" -v a32="${ALL[32]}" -v b8="${BASE[8]}" 'BEGIN {
  printf "doctor, all checks: 32 nodes / 8 nodes = %.2f (linear 4, goal <= 5)\n", a32 / a8
  printf "doctor on 8 nodes: all checks / 0.2 checks = %.2f (goal <= 1.5)\n", a8 / b8 }'
