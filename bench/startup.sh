#!/usr/bin/env bash
# Start-up figures from one run: medians of N runs each of `java -version`, a one-shot command, the REPL
# reaching its prompt (stdin: exit, dumb terminal) and a one-line Groovy script; ratios to `java -version`.
# Targets: one-shot <= 2x, prompt <= 2.5x, one-line script <= 0.7 s.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-7}"
script="$(mktemp --suffix=.groovy)"
trap 'rm -f "$script"' EXIT
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
oneshot=$(median ./shell -c 'net split 10.0.0.0/24 2')
repl=$(median prompt)
groovy=$(median ./shell --dry-run "$script")

ratio() { echo "scale=2; $1 / $base" | bc -l; }
printf '%-40s %7s s\n' "java -version" "$base"
printf '%-40s %7s s  %5sx  (target <= 2x)\n' "./shell -c 'net split 10.0.0.0/24 2'" "$oneshot" "$(ratio "$oneshot")"
printf '%-40s %7s s  %5sx  (target <= 2.5x)\n' "REPL start to prompt (exit on stdin)" "$repl" "$(ratio "$repl")"
printf '%-40s %7s s  %5sx  (target <= 0.7 s)\n' "one-line script (say 'hello')" "$groovy" "$(ratio "$groovy")"
printf 'medians of %s runs; load average now: %s\n' "$runs" "$(cut -d' ' -f1-3 /proc/loadavg)"
