#!/usr/bin/env bash
# Docker lab lifecycle against the namespace one, in one run on this machine: per step, the median of REPS runs of
#   lab up --nodes 2 [--docker]; overlay create; container run web1, web2; lb add-vip; lab down
# (one netshell process per run, each step timed by the shell's own 'time'), and the engine start alone
# (engines added to a lab that is up: 'lab up --docker' on 1 and on 2 nodes). Goal: Docker within 3× namespaces.
# Run as root; needs docker.io and busybox-static (./shell installs them for --docker).
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${REPS:-5}
LAB=nsbench-docker
export NETSHELL_LAB=$LAB
trap './shell -c "lab down --name $LAB" >/dev/null 2>&1 || true' EXIT
./shell -c "lab down --name $LAB" >/dev/null 2>&1 || true

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}'; }
steps=(up overlay web1 web2 vip down)

# One lifecycle; prints the ms of each step on one line.
lifecycle() {
  local docker=$1
  ./shell -c "time lab up --nodes 2 $docker; time overlay create 10.0.0.0/24; time container run web1 --on node1; \
time container run web2 --on node2; time lb add-vip 192.168.56.100:80 --backend 10.0.0.65:80 --backend 10.0.0.129:80; \
time lab down" 2>/dev/null | sed -n 's/^time: \([0-9.]*\) ms$/\1/p' | paste -sd' '
}

declare -A ms
for mode in ns docker; do
  flag=""; [ $mode = docker ] && flag="--docker"
  runs=()
  for _ in $(seq "$REPS"); do runs+=("$(lifecycle "$flag")"); done
  for k in "${!steps[@]}"; do
    ms[$mode.${steps[$k]}]=$(printf '%s\n' "${runs[@]}" | awk -v c=$((k + 1)) '{print $c}' | median)
  done
  ms[$mode.total]=$(printf '%s\n' "${runs[@]}" | awk '{s=0; for (i=1;i<=NF;i++) s+=$i; print s}' | median)
done

engines() {
  local n=$1
  for _ in $(seq "$REPS"); do
    ./shell -c "lab up --nodes $n; time lab up --nodes $n --docker; lab down" 2>/dev/null | sed -n 's/^time: \([0-9.]*\) ms$/\1/p'
  done | median
}
e1=$(engines 1); e2=$(engines 2)

printf '%-10s %12s %12s %8s\n' step "namespaces" "docker" ratio
for s in "${steps[@]}" total; do
  printf '%-10s %9s ms %9s ms %7.2fx\n' "$s" "${ms[ns.$s]}" "${ms[docker.$s]}" "$(echo "${ms[docker.$s]} / ${ms[ns.$s]}" | bc -l)"
done
echo "engine start (lab up --docker on a lab that is up): 1 node ${e1} ms, 2 nodes ${e2} ms (started in parallel)"
echo "median of $REPS; goal: Docker lifecycle total within 3x the namespace one"
