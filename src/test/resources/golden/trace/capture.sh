#!/bin/sh
# Writes the golden facts of one trace scenario: what netshell's trace reads from each namespace, one file a read
# (an IPv6 trace's reads too: route6, rule6, neigh6, ip6tables and the IPv6 sysctls).
#   capture.sh DIR NAME NETNS [container]   e.g. capture.sh vip node1 netshell-node1
set -eu
dir=$1 name=$2 ns=$3 kind=${4:-node}
mkdir -p "$dir"
inns() { ip netns exec "$ns" "$@"; }
inns ip -j -d link > "$dir/$name.link"
inns ip -j addr > "$dir/$name.addr"
inns ip -4 -j route show table all > "$dir/$name.route"
inns ip -4 -j rule show > "$dir/$name.rule"
inns ip -4 -j neigh > "$dir/$name.neigh"
inns ip -6 -j route show table all > "$dir/$name.route6"
inns ip -6 -j rule show > "$dir/$name.rule6"
inns ip -6 -j neigh > "$dir/$name.neigh6"
inns ss -Hltun > "$dir/$name.ss"
if [ "$kind" = node ]; then
  inns bridge -j fdb > "$dir/$name.fdb"
  inns iptables-save | { grep -v '^#' || true; } > "$dir/$name.iptables"
  inns ip6tables-save | { grep -v '^#' || true; } > "$dir/$name.ip6tables"
  # as trace reads it: nftables' own tables, one JSON document a line (iptables-nft's are in $name.iptables)
  inns sh -c 'nft list tables 2>/dev/null | while read -r _ f t; do case "$f:$t" in ip:filter|ip:nat|ip:mangle|ip:raw|ip:security|ip6:filter|ip6:nat|ip6:mangle|ip6:raw|ip6:security|arp:filter|bridge:filter|bridge:nat|bridge:broute|*:netshell_trace_*) ;; *) nft -j list table "$f" "$t" 2>/dev/null ;; esac; done; true' > "$dir/$name.nft"
  inns sh -c 'grep -H . /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/conf/*/rp_filter \
    /proc/sys/net/bridge/bridge-nf-call-iptables /proc/sys/net/ipv6/conf/*/forwarding \
    /proc/sys/net/ipv6/conf/*/disable_ipv6 /proc/sys/net/bridge/bridge-nf-call-ip6tables 2>/dev/null' \
    > "$dir/$name.sysctl" || true
fi
