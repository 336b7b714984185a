#!/usr/bin/env bash
# Start-up figures from one run: medians of N runs each of `java -version`, a one-shot command, the REPL
# reaching its prompt (stdin: exit, dumb terminal) and a one-line Groovy script; ratios to `java -version`.
# Targets: one-shot <= 2x, prompt <= 2.5x, Groovy one-shot (-c 'x = 2 + 2; println x') <= 2.5x,
# one-line script <= 0.7 s; the launcher adds <= 10 ms to the same
# `java …` line; as root, a fan-out one-shot (`-c 'all true'`, 2-node SSH lab) costs <= 1.5x `-c 'nodes'`.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-7}"
script="$(mktemp --suffix=.groovy)"
lab=ns-bench-startup
cleanup() {
  rm -f "$script"
  [ "$(id -u)" = 0 ] && ./shell -c "lab down --name $lab" >/dev/null 2>&1 || true
}
trap cleanup EXIT
echo "say 'hello'" > "$script"

./shell --dry-run -c 'net split 10.0.0.0/24 2' >/dev/null   # build the jar and the CDS archive first

median() {   # median of the wall-clock seconds of "$@", run $runs times
  local times=() i t0 t1
  for ((i = 0; i < runs; i++)); do
    t0=$(date +%s.%N)
    "$@" </dev/null >/dev/null 2>&1 || true
    t1=$(date +%s.%N)
    times+=("$(echo "$t1 - $t0" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.3f", m}'
}

prompt() { printf 'exit\n' | TERM=dumb ./shell --dry-run >/dev/null 2>&1; }

base=$(median java -version)
# The java line the launcher runs, from its cache (built by the first ./shell above).
# shellcheck disable=SC1091
. target/launch.cache
# shellcheck disable=SC2086
bare() { "$cached_java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto $cached_opts -Dnetshell.home="$PWD" \
  -jar target/netshell.jar "$@"; }
barejava=$(median bare -c 'net split 10.0.0.0/24 2')
oneshot=$(median ./shell -c 'net split 10.0.0.0/24 2')
repl=$(median prompt)
groovy=$(median ./shell --dry-run "$script")
groovyline=$(median ./shell --dry-run -c 'x = 2 + 2; println x')   # from the second run on: the compiled-line cache
coldcache="$(mktemp -d)"
# A line never seen before: a cache directory of its own for each run, so the compiler runs every time.
coldline() { XDG_CACHE_HOME="$(mktemp -d -p "$coldcache")" ./shell --dry-run -c 'x = 2 + 2; println x'; }
groovycold=$(median coldline)
rm -rf "$coldcache"
words=$(median ./shell --dry-run net split 10.0.0.0/24 2)

if [ "$(id -u)" = 0 ]; then
  ./shell -c "lab up --nodes 2 --ssh --name $lab" >/dev/null
  inv="/var/lib/netshell/labs/$lab/nodes.ssh"
  nodes_cmd=$(median ./shell -i "$inv" -c 'nodes')
  fanout=$(median ./shell -i "$inv" -c 'all true')
fi

ratio() { echo "scale=2; $1 / $base" | bc -l; }
printf '%-40s %7s s\n' "java -version" "$base"
printf '%-40s %7s s  %5sx  (target <= 2x)\n' "./shell -c 'net split 10.0.0.0/24 2'" "$oneshot" "$(ratio "$oneshot")"
printf '%-40s %7s s  %5sx  (target <= 2.5x)\n' "REPL start to prompt (exit on stdin)" "$repl" "$(ratio "$repl")"
printf '%-40s %7s s  %5sx  (target <= 2.5x)\n' "./shell -c 'x = 2 + 2; println x'" "$groovyline" \
  "$(ratio "$groovyline")"
printf '%-40s %7s s  %5sx  (a line new to the cache)\n' "  the same, compiled afresh each run" "$groovycold" \
  "$(ratio "$groovycold")"
printf '%-40s %7s s  %5sx  (target <= 2x)\n' "./shell net split 10.0.0.0/24 2" "$words" "$(ratio "$words")"
printf '%-40s %7s s  %5sx  (target <= 0.7 s)\n' "one-line script (say 'hello')" "$groovy" "$(ratio "$groovy")"
printf '%-40s %7s s  +%4s ms (target <= 10 ms)\n' "same line as bare java (no launcher)" "$barejava" \
  "$(echo "($oneshot - $barejava) * 1000 / 1" | bc)"
if [ -n "${fanout:-}" ]; then
  printf '%-40s %7s s\n' "./shell -i 2-node lab -c 'nodes'" "$nodes_cmd"
  printf '%-40s %7s s  %5sx of nodes (target <= 1.5x)\n' "./shell -i 2-node lab -c 'all true'" "$fanout" \
    "$(echo "scale=2; $fanout / $nodes_cmd" | bc -l)"
fi
printf 'medians of %s runs; load average now: %s\n' "$runs" "$(cut -d' ' -f1-3 /proc/loadavg)"
