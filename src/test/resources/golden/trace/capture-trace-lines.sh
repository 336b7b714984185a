#!/bin/sh
# Writes the golden TRACE lines of xtables/ and legacy/: a router namespace between two others, with a user chain
# CHECKS (REJECT of tcp 82) jumped to from FORWARD, a DROP of tcp 81 in FORWARD and a DNAT of 10.9.1.1:8080 to
# 10.9.2.2:80; per probe the TRACE rules of netshell's TraceRules go in, xtables-monitor (iptables-nft)
# or dmesg (iptables-legacy, with net.netfilter.nf_log_all_netns=1 for the run, restored) read, the probe is sent and
# the rules go out. Run as root:  capture-trace-lines.sh DIR   (writes DIR/xtables and DIR/legacy)
set -eu
dir=$1
mkdir -p "$dir/xtables" "$dir/legacy"
old=$(cat /proc/sys/net/netfilter/nf_log_all_netns)
cleanup() {
  echo "$old" > /proc/sys/net/netfilter/nf_log_all_netns
  for n in xta xtr xtb; do ip netns pids $n 2>/dev/null | xargs -r kill 2>/dev/null; ip netns del $n 2>/dev/null; done
}
trap cleanup EXIT
for n in xta xtr xtb; do ip netns add $n; ip -n $n link set lo up; done
ip link add xta0 netns xta type veth peer name xtr0 netns xtr
ip link add xtb0 netns xtb type veth peer name xtr1 netns xtr
ip -n xta addr add 10.9.1.2/24 dev xta0; ip -n xta link set xta0 up; ip -n xta route add default via 10.9.1.1
ip -n xtb addr add 10.9.2.2/24 dev xtb0; ip -n xtb link set xtb0 up; ip -n xtb route add default via 10.9.2.1
ip -n xtr addr add 10.9.1.1/24 dev xtr0; ip -n xtr addr add 10.9.2.1/24 dev xtr1
ip -n xtr link set xtr0 up; ip -n xtr link set xtr1 up
ip netns exec xtr sysctl -qw net.ipv4.ip_forward=1
ip netns exec xtb socat TCP-LISTEN:80,fork,reuseaddr /dev/null &

# The TRACE rules of a probe: rules PROTO TO SPORT ID (as TraceRules.script(V4, true), VXLAN port 4789).
rules() {
  c="-m comment --comment netshell_trace_$4 -j TRACE" u="-p udp -m udp --dport 4789 -m u32 --u32 0>>22&0x3C@36&0xFF="
  echo '*raw'
  for chain in OUTPUT PREROUTING; do
    if [ "$1" = icmp ]; then
      h=$(printf '0x%02x%02x%02x%02x' $(echo "$2" | tr . ' '))
      printf -- '-I %s 1 %s1&&0>>22&0x3C@46=%s %s\n-I %s 1 %s1&&0>>22&0x3C@42=%s %s\n' $chain "$u" $h "$c" $chain "$u" $h "$c"
      printf -- '-I %s 1 -p icmp -s %s %s\n-I %s 1 -p icmp -d %s %s\n' $chain "$2" "$c" $chain "$2" "$c"
    else
      n=$([ "$1" = tcp ] && echo 6 || echo 17)
      printf -- '-I %s 1 %s%s&&0>>22&0x3C@50&0xFFFF=%s %s\n' $chain "$u" $n "$3" "$c"
      printf -- '-I %s 1 %s%s&&0>>22&0x3C@50>>16=%s %s\n' $chain "$u" $n "$3" "$c"
      printf -- '-I %s 1 -p %s -m %s --dport %s %s\n-I %s 1 -p %s -m %s --sport %s %s\n' \
        $chain "$1" "$1" "$3" "$c" $chain "$1" "$1" "$3" "$c"
    fi
  done
  echo COMMIT
}
probe() { # PROTO TO PORT SPORT
  case $1 in
    icmp) ip netns exec xta ping -q -c1 -W1 "$2" >/dev/null || true ;;
    tcp) ip netns exec xta socat -u /dev/null TCP4:$2:$3,sourceport=$4,reuseaddr,connect-timeout=1 2>/dev/null || true ;;
    udp) echo x | ip netns exec xta socat -u - UDP4:$2:$3,sourceport=$4 ;;
  esac
}
# trace BACKEND NAME PROTO TO PORT SPORT ID
trace() {
  b=$1 name=$2; shift 2
  rules "$1" "$2" "$4" "$5" > /tmp/trace-rules.$$
  if [ "$b" = xtables ]; then
    ip netns exec xtr stdbuf -oL xtables-monitor --trace --event > "$dir/xtables/$name.monitor" 2>&1 & pid=$!
    sleep 0.3
    ip netns exec xtr iptables-nft-restore --noflush < /tmp/trace-rules.$$
    ip netns exec xtr iptables-nft-save -c > "$dir/xtables/$name.before"
  else
    ip netns exec xtr iptables-legacy-restore --noflush < /tmp/trace-rules.$$
    echo "netshell_trace_$5 start" > /dev/kmsg
    ip netns exec xtr iptables-legacy-save -c > "$dir/legacy/$name.before"
  fi
  probe "$1" "$2" "$3" "$4"
  if [ "$b" = xtables ]; then
    sed 's/^-I \([A-Z]*\) 1 /-D \1 /' /tmp/trace-rules.$$ | ip netns exec xtr iptables-nft-restore --noflush
    sleep 0.3; kill $pid
  else
    echo "netshell_trace_$5 end" > /dev/kmsg
    sed 's/^-I \([A-Z]*\) 1 /-D \1 /' /tmp/trace-rules.$$ | ip netns exec xtr iptables-legacy-restore --noflush
  fi
  rm -f /tmp/trace-rules.$$
}
for b in xtables legacy; do
  ipt=$([ $b = xtables ] && echo iptables-nft || echo iptables-legacy)
  ip netns exec xtr $ipt -N CHECKS
  ip netns exec xtr $ipt -A CHECKS -p tcp --dport 82 -j REJECT
  ip netns exec xtr $ipt -A FORWARD -j CHECKS
  ip netns exec xtr $ipt -A FORWARD -d 10.9.2.2 -p tcp --dport 81 -j DROP
  ip netns exec xtr $ipt -t nat -A PREROUTING -d 10.9.1.1 -p tcp --dport 8080 -j DNAT --to-destination 10.9.2.2:80
  if [ $b = legacy ]; then
    dmesg --follow-new > /tmp/trace-kmsg.$$ & dm=$!
    sleep 0.3
    echo 1 > /proc/sys/net/netfilter/nf_log_all_netns
  fi
  # Ports and ids as IptablesTraceTest expects them: 4512x for xtables, 4513x for legacy.
  if [ $b = xtables ]; then p=4512 i=0; else p=4513 i=1; fi
  trace $b allowed tcp 10.9.2.2 80 ${p}3 0a0b0c${i}d
  trace $b fwddrop tcp 10.9.2.2 81 ${p}4 0a0b0c${i}e
  trace $b reject tcp 10.9.2.2 82 ${p}5 0a0b0c${i}f
  if [ $b = xtables ]; then
    trace $b dnat tcp 10.9.1.1 8080 45126 0a0b0c10
    trace $b icmp icmp 10.9.2.2 - 0 0a0b0c11
    trace $b udp udp 10.9.2.2 53 45127 0a0b0c12
  else
    trace $b dnat tcp 10.9.1.1 8080 45136 0a0b0c20
    trace $b icmp icmp 10.9.2.2 - 0 0a0b0c21
  fi
  ip netns exec xtr $ipt -F; ip netns exec xtr $ipt -X; ip netns exec xtr $ipt -t nat -F
done
echo "$old" > /proc/sys/net/netfilter/nf_log_all_netns
sleep 0.3; kill $dm
for name in allowed fwddrop reject dnat icmp; do
  id=$(sed -n 's/.*--comment netshell_trace_\([0-9a-f]*\) .*/\1/p' "$dir/legacy/$name.before" | head -1)
  awk -v s="netshell_trace_$id start" -v e="netshell_trace_$id end" 'index($0,s){on=1} on{print} index($0,e){on=0}' \
    /tmp/trace-kmsg.$$ > "$dir/legacy/$name.log"
done
rm -f /tmp/trace-kmsg.$$
