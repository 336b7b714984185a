#!/bin/sh
# Writes the golden nftables rulesets from their sources, with the real nft, each in a scratch network namespace:
#   NAME.rules (nft -f input) [+ NAME.iptables (iptables-restore input)]  →
#   NAME.json (nft -j list ruleset: iptables-nft's tables are in it too), NAME.txt (nft -s -a list ruleset),
#   NAME.save (iptables-save, when there is NAME.iptables).
#   make.sh [NAME…]      (as root; every NAME.rules here when none is given)
set -eu
cd "$(dirname "$0")"
[ $# -gt 0 ] || set -- $(ls *.rules | sed 's/\.rules$//')
for name in "$@"; do
  ns="nsnftgolden-$$-$name"
  ip netns add "$ns"
  trap 'ip netns del "$ns" 2>/dev/null || true' EXIT
  if [ -f "$name.iptables" ]; then
    ip netns exec "$ns" iptables-restore < "$name.iptables"
    ip netns exec "$ns" iptables-save | grep -v '^#' > "$name.save"
  fi
  ip netns exec "$ns" nft -f "$name.rules"
  ip netns exec "$ns" nft -j list ruleset > "$name.json"
  ip netns exec "$ns" nft -s -a list ruleset > "$name.txt"
  ip netns del "$ns"
  trap - EXIT
done
