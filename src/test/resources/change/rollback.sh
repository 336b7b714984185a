#!/bin/sh
# netshell rollback 20261128T130000Z-abcd1234: back to before node1 --confirm 60 iptables -F
d=/run/netshell/rollback
mkdir "$d/20261128T130000Z-abcd1234.lock" 2>/dev/null || exit 0 # confirmed first
r=
nl='
'
# nftables' own tables, replaced in one transaction
if command -v nft >/dev/null 2>&1; then
  f=$(mktemp)
  nft list tables 2>/dev/null | while read -r _ fam name; do
    case ' ip/filter ip/nat ip/mangle ip/raw ip/security ip6/filter ip6/nat ip6/mangle ip6/raw ip6/security arp/filter bridge/filter bridge/nat bridge/broute ' in *" $fam/$name "*) ;;
      *) echo "add table $fam $name"; echo "delete table $fam $name" ;; esac
  done > "$f"
  cat >> "$f" <<'NETSHELL_SNAPSHOT_EOF'
table ip netshell {
  chain c {
  }
}
NETSHELL_SNAPSHOT_EOF
  nft -f "$f" && r="$r nftables"
  rm -f "$f"
fi
# iptables: tables the snapshot lacks go, the others are rewritten whole
if command -v iptables-restore >/dev/null 2>&1; then
  for t in filter nat mangle raw security; do
    case ' filter ' in *" $t "*) continue ;; esac
    if iptables -V 2>/dev/null | grep -q nf_tables; then nft delete table ip $t 2>/dev/null
    else iptables -w -t $t -F 2>/dev/null; iptables -w -t $t -X 2>/dev/null; fi
  done
  iptables-restore -w <<'NETSHELL_SNAPSHOT_EOF' && r="$r iptables"
*filter
:INPUT ACCEPT [12:3456]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [7:700]
-A INPUT -p tcp -m tcp --dport 2222 -m comment --comment foreign -j ACCEPT
COMMIT
NETSHELL_SNAPSHOT_EOF
fi
# ip6tables: tables the snapshot lacks go, the others are rewritten whole
if command -v ip6tables-restore >/dev/null 2>&1; then
  for t in filter nat mangle raw security; do
    case '  ' in *" $t "*) continue ;; esac
    if ip6tables -V 2>/dev/null | grep -q nf_tables; then nft delete table ip6 $t 2>/dev/null
    else ip6tables -w -t $t -F 2>/dev/null; ip6tables -w -t $t -X 2>/dev/null; fi
  done
  ip6tables-restore -w <<'NETSHELL_SNAPSHOT_EOF' && r="$r ip6tables"
NETSHELL_SNAPSHOT_EOF
fi
# forwarding switches
sc() { f=/proc/sys/$(echo "$1" | tr . /); [ -w "$f" ] && [ "$(cat "$f")" != "$2" ] && echo "$2" > "$f" && r="$r $1=$2"; }
sc net.ipv4.ip_forward 0
sc net.ipv6.conf.all.forwarding 0
# links that came after the snapshot go
keep=' lo eth1 '
for dev in $(ip -o link show | sed -n 's/^[0-9]*: \([^:@ ]*\).*/\1/p'); do
  case "$keep" in *" $dev "*) ;; *) ip link del "$dev" 2>/dev/null && r="$r -link:$dev" ;; esac
done
# addresses: the ones that came go, the ones that went come back
want='
192.168.56.10/24 dev eth1
192.168.56.100/32 dev eth1
'
cur() { ip -o addr show | awk '$3=="inet"||$3=="inet6" {d=$2; sub(/@.*/,"",d); print $4" dev "d}' | grep -v '^fe80:'; }
IFS=$nl
for x in $(cur); do case "$want" in *"$nl$x$nl"*) ;;
  *) IFS=' '; ip addr del $x 2>/dev/null && r="$r -addr:$(echo $x | tr ' ' _)"; IFS=$nl ;; esac
done
for x in $want; do case "$nl$(cur)$nl" in *"$nl$x$nl"*) ;;
  *) IFS=' '; ip addr add $x 2>/dev/null && r="$r +addr:$(echo $x | tr ' ' _)"; IFS=$nl ;; esac
done
unset IFS
# routes (those the kernel derives from addresses aside)
want='
default via 192.168.56.1 dev eth1
'
cur() { ip route show | sed 's/ *$//' | grep -v ' proto kernel '; }
IFS=$nl
for x in $(cur); do case "$want" in *"$nl$x$nl"*) ;;
  *) IFS=' '; ip route del $x 2>/dev/null && r="$r -route:$(echo $x | tr ' ' _)"; IFS=$nl ;; esac
done
for x in $want; do case "$nl$(cur)$nl" in *"$nl$x$nl"*) ;;
  *) IFS=' '; ip route replace $x 2>/dev/null && r="$r +route:$(echo $x | tr ' ' _)"; IFS=$nl ;; esac
done
unset IFS
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) restored:${r:- nothing}" > "$d/20261128T130000Z-abcd1234.done"
rm -f "$d/20261128T130000Z-abcd1234.pid" "$d/20261128T130000Z-abcd1234.sh"
