#!/usr/bin/env bash
# The whole test suite under saturated CPUs: one busy loop per core runs beside `mvn verify`, RUNS times
# (default 3), and a baseline run on the same machine without the loops first (BASELINE=0 skips it).
# Prints per run: pass/fail, tests, failures, wall time, its ratio to the baseline, and the failing tests.
# Meant for a quiet machine otherwise; it needs root like the suite (labs, sshd). Run from a clone: it
# builds in place. Exit status 1 when any loaded run failed.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-3}"
loops=()
stop_loops() {
  for p in "${loops[@]}"; do kill "$p" 2>/dev/null || true; done
  loops=()
}
trap stop_loops EXIT
start_loops() {
  local i
  for ((i = 0; i < $(nproc); i++)); do
    sh -c 'while :; do :; done' &
    loops+=("$!")
  done
}

mvn -q -B -DskipTests package >/dev/null
# One run: "PASS|FAIL tests failures errors seconds" on stdout, the failing tests on stderr.
suite() {
  local t0 t1 rc=0 counts
  t0=$(date +%s.%N)
  mvn -B verify >target/loaded-suite.log 2>&1 || rc=$?
  t1=$(date +%s.%N)
  # Surefire's total: the last "Tests run:" line without a class name after it.
  counts=$(grep -E 'Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' target/loaded-suite.log \
    | tail -1 | sed -E 's/.*Tests run: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+).*/\1 \2 \3/')
  grep -E '^\[ERROR\] +[A-Za-z][A-Za-z0-9]*(Test|IT)\.[a-zA-Z]' target/loaded-suite.log | sort -u >&2 || true
  printf '%s %s %.0f\n' "$([ "$rc" = 0 ] && echo PASS || echo FAIL)" "${counts:-0 0 0}" "$(echo "$t1 - $t0" | bc -l)"
}

base=""
if [ "${BASELINE:-1}" = 1 ]; then
  read -r verdict tests failures errors secs < <(suite)
  base=$secs
  printf 'baseline (idle):   %s  %s tests, %s failures, %s errors, %s s\n' "$verdict" "$tests" "$failures" "$errors" "$secs"
fi
failed=0
for ((r = 1; r <= runs; r++)); do
  start_loops
  read -r verdict tests failures errors secs < <(suite)
  stop_loops
  [ "$verdict" = PASS ] || failed=1
  ratio=""
  [ -n "$base" ] && ratio=$(printf ' (%.2fx the idle run)' "$(echo "$secs / $base" | bc -l)")
  printf 'loaded run %d/%d:  %s  %s tests, %s failures, %s errors, %s s%s\n' "$r" "$runs" "$verdict" "$tests" \
    "$failures" "$errors" "$secs" "$ratio"
  [ "$verdict" = PASS ] || cp target/loaded-suite.log "target/loaded-suite.$r.log"
done
exit "$failed"
