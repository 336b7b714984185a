#!/bin/sh
# Writes the golden IPv6 TRACE lines of xtables6/ and legacy6/, as capture-trace-lines.sh does IPv4's, with the rules of
# netshell's own TraceRules (printed by ./shell, so the lines are those of the rules a trace inserts):
#  - a router namespace x6r between fd09:1::2 (x6a) and fd09:2::2 (x6b), with a user chain CHECKS (REJECT of tcp 82)
#    jumped to from FORWARD, a DROP of tcp 81 in FORWARD and a DNAT of [fd09:1::1]:8080 to [fd09:2::2]:80; per probe
#    the ip6tables TRACE rules go in, xtables-monitor -6 (iptables-nft) or dmesg (iptables-legacy, with
#    net.netfilter.nf_log_all_netns=1 for the run, restored) read, the probe is sent, the rules go out;
#  - two namespaces x6va, x6vb with VXLAN over IPv6 (vx6: IPv4 and IPv6 inside) and over IPv4 (vx4: IPv6 inside); the
#    receiver x6vb marks with both families' rules, read by xtables-monitor -4 and -6 (tunnel-*.monitor4/6).
# Run as root from the repository:  src/test/resources/golden/trace/capture-trace-lines6.sh DIR
set -eu
dir=$(realpath "$1")
mkdir -p "$dir/xtables6" "$dir/legacy6"
tmp=$(mktemp -d)
old=$(cat /proc/sys/net/netfilter/nf_log_all_netns)
cleanup() {
  echo "$old" > /proc/sys/net/netfilter/nf_log_all_netns
  for n in x6a x6r x6b x6va x6vb; do
    ip netns pids $n 2>/dev/null | xargs -r kill 2>/dev/null || true
    ip netns del $n 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

# The rule scripts: NAME PROTO TO SPORT ID PORTS UNDERLAYS -> $tmp/NAME.{4,6}.{in,out} (the families with rules).
cat > "$tmp/probes" <<'EOF'
allowed tcp fd09:2::2 45143 0a0b0c3d - 6
fwddrop tcp fd09:2::2 45144 0a0b0c3e - 6
reject tcp fd09:2::2 45145 0a0b0c3f - 6
dnat tcp fd09:1::1 45146 0a0b0c40 - 6
icmp icmp fd09:2::2 0 0a0b0c41 - 6
udp udp fd09:2::2 45147 0a0b0c42 - 6
lfwddrop tcp fd09:2::2 45154 0a0b0c4e - 6
lreject tcp fd09:2::2 45155 0a0b0c4f - 6
ldnat tcp fd09:1::1 45156 0a0b0c50 - 6
licmp icmp fd09:2::2 0 0a0b0c51 - 6
v4in6 tcp 10.96.0.2 45163 0a0b0c5d 4789 4,6
v6in6 tcp fd09:96::2 45164 0a0b0c5e 4789 4,6
icmp6in6 icmp fd09:96::2 0 0a0b0c5f 4789 4,6
v6in4 tcp fd09:94::2 45165 0a0b0c60 4789 4,6
EOF
groovy=""
while read -r name proto to sport id ports under; do
  p=$([ "$ports" = - ] && echo '[] as Set' || echo "[$ports] as Set")
  u=$(echo "$under" | sed 's/4/netshell.core.IpFamily.V4/; s/6/netshell.core.IpFamily.V6/')
  groovy="$groovy r = new netshell.trace.plan.TraceRules(new netshell.trace.plan.Probe('$proto', '$to', null, $sport,"
  groovy="$groovy 60, '$id', $p, [$u] as Set)); for (f in r.families()) { new File('$tmp/$name.' + f.number() + '.in')"
  groovy="$groovy .text = r.script(f, true); new File('$tmp/$name.' + f.number() + '.out').text = r.script(f, false) };"
done < "$tmp/probes"
./shell -c "$groovy" > /dev/null

for n in x6a x6r x6b; do ip netns add $n; ip -n $n link set lo up; done
for n in x6a x6r x6b; do ip netns exec $n sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0; done
ip link add x6a0 netns x6a type veth peer name x6r0 netns x6r
ip link add x6b0 netns x6b type veth peer name x6r1 netns x6r
ip -n x6a addr add fd09:1::2/64 dev x6a0 nodad; ip -n x6a link set x6a0 up; ip -n x6a route add default via fd09:1::1
ip -n x6b addr add fd09:2::2/64 dev x6b0 nodad; ip -n x6b link set x6b0 up; ip -n x6b route add default via fd09:2::1
ip -n x6r addr add fd09:1::1/64 dev x6r0 nodad; ip -n x6r addr add fd09:2::1/64 dev x6r1 nodad
ip -n x6r link set x6r0 up; ip -n x6r link set x6r1 up
ip netns exec x6r sysctl -qw net.ipv6.conf.all.forwarding=1
ip netns exec x6b socat TCP6-LISTEN:80,fork,reuseaddr /dev/null &
ip netns exec x6a ping -6 -c1 -W2 fd09:2::2 > /dev/null || true # neighbours known before the probes

probe() { # NS PROTO TO PORT SPORT
  case $2 in
    icmp) ip netns exec $1 ping -6 -q -c1 -W1 "$3" >/dev/null || true ;;
    tcp) ip netns exec $1 socat -u /dev/null "TCP6:[$3]:$4,sourceport=$5,reuseaddr,connect-timeout=1" 2>/dev/null \
      || ip netns exec $1 socat -u /dev/null "TCP4:$3:$4,sourceport=$5,reuseaddr,connect-timeout=1" 2>/dev/null || true ;;
    udp) echo x | ip netns exec $1 socat -u - "UDP6:[$3]:$4,sourceport=$5" ;;
  esac
}
# monitor NS FAMILY FILE: xtables-monitor of one family, started and given time to subscribe
monitor() {
  ip netns exec $1 stdbuf -oL xtables-monitor --trace --event -$2 > "$3" 2>&1 &
  echo $! >> "$tmp/monitors"
  sleep 0.3
}
stop_monitors() { sleep 0.3; xargs -r kill < "$tmp/monitors" 2>/dev/null || true; : > "$tmp/monitors"; }
: > "$tmp/monitors"

# xtables NAME PROTO TO PORT: one probe through x6r with iptables-nft
xtables() {
  monitor x6r 6 "$dir/xtables6/$1.monitor"
  ip netns exec x6r ip6tables-nft-restore --noflush < "$tmp/$1.6.in"
  ip netns exec x6r ip6tables-nft-save -c > "$dir/xtables6/$1.before"
  probe x6a $2 $3 $4 "$(sed -n 's/.*--sports \([0-9]*\).*/\1/p' "$tmp/$1.6.in" | head -1)"
  ip netns exec x6r ip6tables-nft-save -c > "$dir/xtables6/$1.after"
  ip netns exec x6r ip6tables-nft-restore --noflush < "$tmp/$1.6.out"
  stop_monitors
}
# legacy NAME PROTO TO PORT: the same with iptables-legacy, its lines from the kernel log
legacy() {
  id=$(sed -n 's/.*--comment netshell_trace_\([0-9a-f]*\) .*/\1/p' "$tmp/$1.6.in" | head -1)
  ip netns exec x6r ip6tables-legacy-restore --noflush < "$tmp/$1.6.in"
  echo "netshell_trace_$id start" > /dev/kmsg
  ip netns exec x6r ip6tables-legacy-save -c > "$dir/legacy6/${1#l}.before"
  probe x6a $2 $3 $4 "$(sed -n 's/.*--sports \([0-9]*\).*/\1/p' "$tmp/$1.6.in" | head -1)"
  echo "netshell_trace_$id end" > /dev/kmsg
  ip netns exec x6r ip6tables-legacy-restore --noflush < "$tmp/$1.6.out"
}

for b in nft legacy; do
  ipt=ip6tables-$b
  ip netns exec x6r $ipt -N CHECKS
  ip netns exec x6r $ipt -A CHECKS -p tcp --dport 82 -j REJECT
  ip netns exec x6r $ipt -A FORWARD -j CHECKS
  ip netns exec x6r $ipt -A FORWARD -d fd09:2::2 -p tcp --dport 81 -j DROP
  ip netns exec x6r $ipt -t nat -A PREROUTING -d fd09:1::1 -p tcp --dport 8080 -j DNAT --to-destination "[fd09:2::2]:80"
  if [ $b = nft ]; then
    xtables allowed tcp fd09:2::2 80
    xtables fwddrop tcp fd09:2::2 81
    xtables reject tcp fd09:2::2 82
    xtables dnat tcp fd09:1::1 8080
    xtables icmp icmp fd09:2::2 -
    xtables udp udp fd09:2::2 53
  else
    dmesg --follow-new > "$tmp/kmsg" & dm=$!
    sleep 0.3
    echo 1 > /proc/sys/net/netfilter/nf_log_all_netns
    legacy lfwddrop tcp fd09:2::2 81
    legacy lreject tcp fd09:2::2 82
    legacy ldnat tcp fd09:1::1 8080
    legacy licmp icmp fd09:2::2 -
    echo "$old" > /proc/sys/net/netfilter/nf_log_all_netns
    sleep 0.3; kill $dm
  fi
  ip netns exec x6r $ipt -F; ip netns exec x6r $ipt -X; ip netns exec x6r $ipt -t nat -F
done
for name in fwddrop reject dnat icmp; do
  id=$(sed -n 's/.*--comment netshell_trace_\([0-9a-f]*\) .*/\1/p' "$dir/legacy6/$name.before" | head -1)
  awk -v s="netshell_trace_$id start" -v e="netshell_trace_$id end" 'index($0,s){on=1} on{print} index($0,e){on=0}' \
    "$tmp/kmsg" > "$dir/legacy6/$name.log"
done

# VXLAN: over IPv6 (vx6, VNI 600) carrying IPv4 and IPv6, over IPv4 (vx4, VNI 400) carrying IPv6, both on 4789.
for n in x6va x6vb; do
  ip netns add $n; ip -n $n link set lo up
  ip netns exec $n sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
done
ip link add x6va0 netns x6va type veth peer name x6vb0 netns x6vb
ip -n x6va addr add fd09:9::a/64 dev x6va0 nodad; ip -n x6va addr add 192.168.99.10/24 dev x6va0
ip -n x6vb addr add fd09:9::b/64 dev x6vb0 nodad; ip -n x6vb addr add 192.168.99.11/24 dev x6vb0
ip -n x6va link set x6va0 up; ip -n x6vb link set x6vb0 up
ip -n x6va link add vx6 type vxlan id 600 dstport 4789 local fd09:9::a remote fd09:9::b
ip -n x6vb link add vx6 type vxlan id 600 dstport 4789 local fd09:9::b remote fd09:9::a
ip -n x6va link add vx4 type vxlan id 400 dstport 4789 local 192.168.99.10 remote 192.168.99.11
ip -n x6vb link add vx4 type vxlan id 400 dstport 4789 local 192.168.99.11 remote 192.168.99.10
ip -n x6va addr add 10.96.0.1/24 dev vx6; ip -n x6va addr add fd09:96::1/64 dev vx6 nodad
ip -n x6va addr add fd09:94::1/64 dev vx4 nodad
ip -n x6vb addr add 10.96.0.2/24 dev vx6; ip -n x6vb addr add fd09:96::2/64 dev vx6 nodad
ip -n x6vb addr add fd09:94::2/64 dev vx4 nodad
for n in x6va x6vb; do ip -n $n link set vx6 up; ip -n $n link set vx4 up; done
ip netns exec x6vb socat TCP6-LISTEN:80,fork,reuseaddr /dev/null &
for to in 10.96.0.2 fd09:96::2 fd09:94::2; do ip netns exec x6va ping -c1 -W2 $to > /dev/null || true; done
# tunnel NAME PROTO TO PORT: both families' rules in the receiver x6vb, each family read by its own monitor
tunnel() {
  monitor x6vb 4 "$dir/xtables6/tunnel-$1.monitor4"
  monitor x6vb 6 "$dir/xtables6/tunnel-$1.monitor6"
  for f in 4 6; do [ -f "$tmp/$1.$f.in" ] && ip netns exec x6vb $([ $f = 4 ] && echo iptables || echo ip6tables)-nft-restore \
    --noflush < "$tmp/$1.$f.in"; done
  sport=$(cat "$tmp/$1".*.in | sed -n 's/.*--sports \([0-9]*\).*/\1/p; s/.*--sport \([0-9]*\).*/\1/p' | head -1)
  probe x6va $2 $3 $4 "$sport"
  for f in 4 6; do [ -f "$tmp/$1.$f.out" ] && ip netns exec x6vb $([ $f = 4 ] && echo iptables || echo ip6tables)-nft-restore \
    --noflush < "$tmp/$1.$f.out"; done
  stop_monitors
}
tunnel v4in6 tcp 10.96.0.2 80
tunnel v6in6 tcp fd09:96::2 80
tunnel icmp6in6 icmp fd09:96::2 -
tunnel v6in4 tcp fd09:94::2 80
