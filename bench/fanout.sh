#!/usr/bin/env bash
# Fan-out cost: netshell `all true` on 1 and 8 lab nodes over real SSH (warm sessions, one process),
# against OpenSSH with a fresh connection per node, OpenSSH with ControlMaster, and parallel-ssh.
# One run; every figure is a median of REPS repetitions, measured on this machine in this run.
# Run as root (it builds a lab of 8 namespaces with sshd, and removes it at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${REPS:-15}
LAB=nsbench-fanout
export NETSHELL_LAB=$LAB
command -v parallel-ssh >/dev/null || { apt-get install -y -qq pssh >/dev/null 2>&1 || true; }

made_user=
cleanup() {
  ./shell -c "lab down --name $LAB" >/dev/null 2>&1 || true
  [ -n "$made_user" ] && userdel -f "$user" 2>/dev/null  # -f: its uid 0 is in use by every root process
  rm -rf "$tmp"
}
tmp=$(mktemp -d)
trap cleanup EXIT

./shell -c "lab up --nodes 8 --ssh --name $LAB" >/dev/null
# Every SSH command runs through the login user's shell; root's ~/.bashrc on a workstation (pyenv, nvm…)
# can cost more than everything measured here, and it is the same for every client. A user whose shell is
# /bin/sh measures the transports themselves: a second uid-0 account (netshell sees uid 0 and uses no
# sudo, like for root), removed at the end.
user=nsbench
id "$user" >/dev/null 2>&1 || { useradd -o -u 0 -g 0 -M -d / -s /bin/sh "$user"; usermod -p '*' "$user"; made_user=1; }
cfg="$tmp/nodes.ssh"
sed "s/^  User root$/  User $user/" "/var/lib/netshell/labs/$LAB/nodes.ssh" > "$cfg"
nodes=$(grep -E '^Host ' "$cfg" | awk '{print $2}')

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }
ms_of() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo "scale=2; ($e-$s)/1000000" | bc; }

# netshell: one process, sessions opened by a first warm-up command, then timed repetitions.
netshell_ms() {
  local sel=$1 line cmds
  line="on $sel true"
  cmds="$line"
  for _ in $(seq "$REPS"); do cmds="$cmds; time $line"; done
  ./shell -i "$cfg" -c "$cmds" 2>/dev/null | sed -n 's/^time: \([0-9.]*\) ms$/\1/p' | median
}
one_ms=$(netshell_ms node1)
eight_ms=$(netshell_ms 'node*')

fresh_ms=$(for _ in $(seq "$REPS"); do
  ms_of bash -c "for n in $(echo $nodes); do ssh -F $cfg -o BatchMode=yes \$n true & done; wait"
done | median)

ctl="$tmp/cm-%n"
for n in $nodes; do ssh -F "$cfg" -o BatchMode=yes -o ControlMaster=yes -o ControlPath="$ctl" -o ControlPersist=120 -fN "$n"; done
cm_ms=$(for _ in $(seq "$REPS"); do
  ms_of bash -c "for n in $(echo $nodes); do ssh -F $cfg -o ControlPath='$ctl' \$n true & done; wait"
done | median)
for n in $nodes; do ssh -F "$cfg" -o ControlPath="$ctl" -O exit "$n" 2>/dev/null || true; done

if command -v parallel-ssh >/dev/null; then
  echo "$nodes" > "$tmp/hosts"
  pssh_ms=$(for _ in $(seq "$REPS"); do ms_of parallel-ssh -h "$tmp/hosts" -x "-F $cfg -o BatchMode=yes" true; done | median)
else
  pssh_ms=nan
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b+0 == 0 || a == "nan" || b == "nan") print "n/a"; else printf "%.1f", a/b }'; }
printf '%-44s %10s\n' "fan-out of 'true' (median of $REPS)" "ms"
printf '%-44s %10s\n' "netshell, 1 node, warm SSH session" "$one_ms"
printf '%-44s %10s\n' "netshell, 8 nodes, warm SSH sessions" "$eight_ms"
printf '%-44s %10s\n' "ssh, 8 nodes, fresh connections (parallel)" "$fresh_ms"
printf '%-44s %10s\n' "ssh, 8 nodes, ControlMaster (parallel)" "$cm_ms"
printf '%-44s %10s\n' "parallel-ssh, 8 nodes" "$pssh_ms"
echo
echo "8 nodes / 1 node (target <= 1.5):          $(ratio "$eight_ms" "$one_ms")"
echo "parallel-ssh / netshell 8 nodes (target >= 20): $(ratio "$pssh_ms" "$eight_ms")"
echo "fresh ssh / netshell 8 nodes:                $(ratio "$fresh_ms" "$eight_ms")"
echo "ControlMaster ssh / netshell 8 nodes:        $(ratio "$cm_ms" "$eight_ms")"
