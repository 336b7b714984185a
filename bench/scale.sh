#!/usr/bin/env bash
# Scale benchmark, one run (as root): for N nodes, each step as a user runs it (./shell -c, JVM start included):
#   lab up --nodes N, overlay create 10.0.0.0/16, doctor, all true, lab down.
# Medians of REPS (default 3) per N; N from NODES (default "2 8 32 64 100").
# Baseline in the same run: BASE (default main) built from git into a temporary directory and timed the same way
# (BASE=none to skip). Prints the table, the ratios time(64)/time(8) and new/base, and writes
# bench/results/scale.csv and bench/results/scale.svg (time against N, one line per step).
# Labs are named ${LAB_PREFIX:-nsscale}PID-N-R; nothing outside them is touched.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
reps="${REPS:-3}"
nodes_list="${NODES:-2 8 32 64 100}"
base_ref="${BASE:-main}"
steps=("lab up" "overlay create" "doctor" "all true" "lab down")
out="$here/bench/results"
mkdir -p "$out"

[ "$(id -u)" = 0 ] || { echo "bench/scale.sh: needs root (network namespaces)" >&2; exit 2; }

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

prefix="${LAB_PREFIX:-nsscale}$$-"
cleanup() {
  # Whatever a failed or interrupted step left: this run's labs, found by their namespaces.
  for l in $(ip netns list | awk '{print $1}' | grep "^$prefix" | sed -E 's/-(node[0-9]+|lan).*$//' | sort -u); do
    NETSHELL_LAB="$l" "$here/shell" -c "lab down" >/dev/null 2>&1 || true
  done
  [ -n "${base_dir:-}" ] && rm -rf "$base_dir"
}
trap cleanup EXIT

(cd "$here" && mvn -q -B -o -DskipTests package) >/dev/null 2>&1 || (cd "$here" && mvn -q -B -DskipTests package) >&2

base_dir=""
if [ "$base_ref" != none ]; then
  base_dir=$(mktemp -d /tmp/ns-scale-base.XXXX)
  if (cd "$here" && git archive "$base_ref" | tar -x -C "$base_dir") && (cd "$base_dir" && mvn -q -B -o -DskipTests package) >/dev/null 2>&1; then
    echo "baseline: $base_ref ($(cd "$here" && git rev-parse --short "$base_ref")) built in $base_dir"
  else
    echo "baseline: cannot build $base_ref; no ratios to it" >&2; rm -rf "$base_dir"; base_dir=""
  fi
fi

# One untimed run per build first: the launcher makes its class-data archive on the first start.
"$here/shell" -c "help" >/dev/null 2>&1
[ -n "$base_dir" ] && "$base_dir/shell" -c "help" >/dev/null 2>&1

# times SHELLDIR N -> prints one line: median ms per step, in the order of $steps
times() {
  local dir="$1" n="$2" lab
  declare -A runs=()
  for r in $(seq "$reps"); do
    lab="$prefix$n-$r"
    local cmds=("lab up --nodes $n" "overlay create 10.0.0.0/16" "doctor" "all true" "lab down")
    for i in "${!cmds[@]}"; do
      local t0; t0=$(now_ms)
      # doctor exits 1 when a check fails; the time still counts (its output is kept for a look).
      NETSHELL_LAB="$lab" "$dir/shell" -c "${cmds[$i]}" >"/tmp/$lab.$i.out" 2>&1
      local rc=$?
      runs[$i]+="$(( $(now_ms) - t0 )) "
      if [ "$rc" != 0 ] && [ "${cmds[$i]}" != doctor ]; then
        echo "N=$n: '${cmds[$i]}' failed ($dir):" >&2; tail -3 "/tmp/$lab.$i.out" >&2
      fi
      rm -f "/tmp/$lab.$i.out"
    done
  done
  local line=""
  for i in "${!steps[@]}"; do line+="$(printf '%s\n' ${runs[$i]} | median) "; done
  echo "$line"
}

echo "N,step,new_ms,base_ms" > "$out/scale.csv"
declare -A NEW=() BASE_T=()
printf '%-5s' N; for s in "${steps[@]}"; do printf ' %16s' "$s"; done; echo "   (ms, median of $reps; [base ms])"
for n in $nodes_list; do
  read -r -a new <<<"$(times "$here" "$n")"
  base=()
  [ -n "$base_dir" ] && read -r -a base <<<"$(times "$base_dir" "$n")"
  printf '%-5s' "$n"
  for i in "${!steps[@]}"; do
    NEW[$n,$i]=${new[$i]}; BASE_T[$n,$i]=${base[$i]:-}
    if [ -n "${base[$i]:-}" ]; then printf ' %7s [%6s]' "${new[$i]}" "${base[$i]}"; else printf ' %16s' "${new[$i]}"; fi
    echo "$n,${steps[$i]},${new[$i]},${base[$i]:-}" >> "$out/scale.csv"
  done
  echo
done

echo
echo "per-node cost (ms/node) at the largest N, and growth time(64)/time(8) (linear = 8, goal <= 10):"
largest=$(echo $nodes_list | tr ' ' '\n' | tail -1)
for i in "${!steps[@]}"; do
  awk -v s="${steps[$i]}" -v n="$largest" -v t="${NEW[$largest,$i]}" -v a="${NEW[8,$i]:-}" -v b="${NEW[64,$i]:-}" \
      -v bt="${BASE_T[$largest,$i]:-}" 'BEGIN {
    printf "  %-15s %7.1f ms/node at N=%s", s, t / n, n
    if (a != "" && b != "" && a > 0) printf "   64/8 = %5.2f", b / a
    if (bt != "" && t > 0) printf "   base/new at N=%s = %5.2f", n, bt / t
    printf "\n" }'
done

# The SVG: time against N, one polyline per step (new solid, base dashed).
awk -F, -v steps="${#steps[@]}" '
  NR == 1 { next }
  { n[$1] = 1; key = $2; t[key, $1] = $3; b[key, $1] = $4; names[key] = 1; if ($3 > max) max = $3; if ($4 > max) max = $4 }
  END {
    W = 640; H = 400; L = 60; B = 40; maxn = 0
    for (x in n) if (x + 0 > maxn) maxn = x + 0
    if (max == 0) max = 1
    printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">\n", W, H
    printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", L, H - B, W - 10, H - B
    printf "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", L, L, H - B
    printf "<text x=\"%d\" y=\"%d\">nodes (max %d)</text>\n", W / 2, H - 8, maxn
    printf "<text x=\"4\" y=\"20\">%d ms</text>\n", max
    split("#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd", col, " ")
    split("lab up|overlay create|doctor|all true|lab down", order, "|")
    for (k = 1; k <= 5; k++) {
      s = order[k]; pts = ""; bpts = ""
      for (x = 0; x <= maxn; x++) if ((s, x) in t) {
        px = L + (W - 10 - L) * x / maxn
        pts = pts sprintf("%.1f,%.1f ", px, H - B - (H - B - 10) * t[s, x] / max)
        if (b[s, x] != "") bpts = bpts sprintf("%.1f,%.1f ", px, H - B - (H - B - 10) * b[s, x] / max)
      }
      printf "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>\n", col[k], pts
      if (bpts != "") printf "<polyline fill=\"none\" stroke=\"%s\" stroke-dasharray=\"4 3\" points=\"%s\"/>\n", col[k], bpts
      printf "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>\n", L + 10, 20 + 14 * k, col[k], s
    }
    printf "<text x=\"%d\" y=\"%d\">solid: this build, dashed: baseline</text>\n", L + 10, 20 + 14 * 6
    print "</svg>"
  }' "$out/scale.csv" > "$out/scale.svg"
echo
echo "wrote $out/scale.csv and $out/scale.svg"
