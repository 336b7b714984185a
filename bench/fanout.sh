#!/usr/bin/env bash
# Fan-out cost on 8, 64 and 200 lab nodes over real SSH, all running `sudo -n true`, in one run:
#   netshell cold: ./shell -c 'on node[1-N] sudo -n true' (JVM start + N connections + the command)
#   netshell warm: the same line again inside one netshell process (sessions open)
#   ssh fresh:     N `ssh` processes started in parallel (the cold baseline)
#   ssh ControlMaster: N `ssh` through already open master connections (the warm baseline)
#   parallel-ssh (pssh -p N), when installable.
# Every figure is a median of REPS repetitions (COLD_REPS for the cold ones), measured on this machine now.
# Run as root (a lab of 200 namespaces with sshd; removed at the end). SIZES="8 64" for a shorter run.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${REPS:-7}
COLD_REPS=${COLD_REPS:-3}
SIZES=${SIZES:-"8 64 200"}
LAB=${LAB:-nsbench-fanout}
max=0; for n in $SIZES; do [ "$n" -gt "$max" ] && max=$n; done
command -v parallel-ssh >/dev/null || { apt-get install -y -qq pssh >/dev/null 2>&1 || true; }

made_user=
tmp=$(mktemp -d)
cleanup() {
  for s in "$tmp"/cm-*; do [ -S "$s" ] && ssh -o ControlPath="$s" -O exit x 2>/dev/null; done
  ./shell -c "lab down --name $LAB" >/dev/null 2>&1 || true
  [ -n "$made_user" ] && userdel -f "$user" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

./shell -c "lab up --nodes $max --ssh --name $LAB" >/dev/null
# Every SSH command runs through the login user's shell; root's ~/.bashrc on a workstation (pyenv, nvm…)
# can cost more than everything measured here, and it is the same for every client. A second uid-0 account
# whose shell is /bin/sh measures the transports themselves (removed at the end).
user=${BENCH_USER:-nsbench}
id "$user" >/dev/null 2>&1 || { useradd -o -u 0 -g 0 -M -d / -s /bin/sh "$user"; usermod -p '*' "$user"; made_user=1; }
cfg="$tmp/nodes.ssh"
sed "s/^  User root$/  User $user/" "/var/lib/netshell/labs/$LAB/nodes.ssh" > "$cfg"

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else printf "%.0f\n", (a[NR/2]+a[NR/2+1])/2}'; }
ms_of() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
hosts() { seq -f "node%g" 1 "$1"; }

netshell_warm() {
  local line="on node[1-$1] --forks $1 sudo -n true" cmds
  cmds="$line"
  for _ in $(seq "$REPS"); do cmds="$cmds; time $line"; done
  ./shell -i "$cfg" -c "$cmds" 2>/dev/null | sed -n 's/^time: \([0-9.]*\) ms$/\1/p' | median
}
netshell_cold() {
  for _ in $(seq "$COLD_REPS"); do ms_of ./shell -i "$cfg" -c "on node[1-$1] sudo -n true"; done | median
}
ssh_fresh() {
  local list; list=$(hosts "$1" | tr '\n' ' ')
  for _ in $(seq "$COLD_REPS"); do
    ms_of bash -c "for n in $list; do ssh -F $cfg -o BatchMode=yes \$n sudo -n true & done; wait"
  done | median
}
ssh_master() {
  local list n; list=$(hosts "$1" | tr '\n' ' ')
  for n in $list; do
    [ -S "$tmp/cm-$n" ] || ssh -F "$cfg" -o BatchMode=yes -o ControlMaster=yes -o ControlPath="$tmp/cm-%n" \
      -o ControlPersist=600 -fN "$n"
  done
  for _ in $(seq "$REPS"); do
    ms_of bash -c "for n in $list; do ssh -F $cfg -o ControlPath='$tmp/cm-%n' \$n sudo -n true & done; wait"
  done | median
}
pssh_ms() {
  command -v parallel-ssh >/dev/null || { echo nan; return; }
  hosts "$1" > "$tmp/hosts"
  for _ in $(seq "$COLD_REPS"); do
    ms_of parallel-ssh -p "$1" -t 60 -h "$tmp/hosts" -x "-F $cfg -o BatchMode=yes" sudo -n true
  done | median
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b+0 == 0 || a == "nan" || b == "nan") print "n/a"; else printf "%.2f", a/b }'; }
printf '%6s %12s %12s %12s %14s %12s %10s %10s\n' nodes "ns cold ms" "ns warm ms" "ssh fresh" "ssh ctlmaster" \
  "pssh ms" "warm/CM" "cold/fresh"
for n in $SIZES; do
  cold=$(netshell_cold "$n"); warm=$(netshell_warm "$n"); fresh=$(ssh_fresh "$n"); cm=$(ssh_master "$n")
  ps=$(pssh_ms "$n")
  printf '%6s %12s %12s %12s %14s %12s %10s %10s\n' "$n" "$cold" "$warm" "$fresh" "$cm" "$ps" \
    "$(ratio "$warm" "$cm")" "$(ratio "$cold" "$fresh")"
done
echo "medians of $REPS (warm) / $COLD_REPS (cold) runs; goals: warm/CM <= 1, cold/fresh <= 1;" \
  "load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
