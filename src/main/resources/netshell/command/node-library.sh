# netshell's node library, kept on each node: a snapshot is a directory of group files on the node itself, and
# every compare and restore works over those files (cmp, diff, awk), applied with one `ip -batch` per family and
# one iptables-restore --noflush / nft -f. What is read from the node stays data in files: none of it becomes
# script text. Group files: ipt4.TABLE ipt6.TABLE (iptables-save per table, no counters), ipt4.TABLE~PREFIX (its
# built-in and PREFIX chains only), nft.FAMILY.NAME (nftables' own tables), links, addresses, routes, routes6,
# rules, rules6, sysctl, tc (tbf and netem root qdiscs); NAME.absent (tool missing) and NAME.unreadable (a read that
# failed: left alone by every restore). Also: the load balancer's and doctor's reads of netfilter tables chain by chain.
umask 077
LC_ALL=C
export LC_ALL
NS_SNAP=/run/netshell/snap
NS_SAFE='[^A-Za-z0-9 .\/:_@%+=,-]'

ns_ipt() { # TOOL PREFIX DIR
  command -v "$1-save" >/dev/null 2>&1 || { : > "$3/$2.absent"; return 0; }
  "$1-save" > "$3/.$2.save" 2>/dev/null || { : > "$3/$2.unreadable"; rm -f "$3/.$2.save"; return 0; }
  awk -v d="$3" -v p="$2" '
    /^#/ { next }
    /^\*/ { t = substr($0, 2); f = ""; if (t !~ /^[a-z_]+$/) { bad = 1; next }
            f = d "/" p "." t; printf "" > f; next }
    /^COMMIT$/ { if (f != "") close(f); f = ""; next }
    f != "" { if ($0 ~ /^:/) sub(/ \[[0-9]+:[0-9]+\]$/, ""); print > f }
    END { if (bad) printf "" > (d "/" p ".unreadable") }' "$3/.$2.save"
  rm -f "$3/.$2.save"
}

ns_nft() { # DIR
  command -v nft >/dev/null 2>&1 || { : > "$1/nft.absent"; return 0; }
  # `nft list tables` and `list ruleset` read every rule, iptables-nft's too (seconds on a kube-proxy node);
  # `list flowtables` names each table for almost nothing. Then only the tables iptables does not own are read.
  nft list flowtables > "$1/.nft" 2>/dev/null || nft list tables > "$1/.nft" 2>/dev/null \
    || { : > "$1/nft.unreadable"; rm -f "$1/.nft"; return 0; }
  awk -v d="$1" '
    BEGIN { split("ip/filter ip/nat ip/mangle ip/raw ip/security ip6/filter ip6/nat ip6/mangle ip6/raw " \
                  "ip6/security arp/filter bridge/filter bridge/nat bridge/broute", o, " ")
            for (i in o) owned[o[i]] = 1 }
    /^table / { if ($2 !~ /^[a-z0-9]+$/ || $3 !~ /^[A-Za-z0-9_.-]+$/) bad = 1
                else if (!((($2) "/" ($3)) in owned)) print $2 " " $3 }
    END { if (bad) printf "" > (d "/nft.unreadable") }' "$1/.nft" > "$1/.tables"
  : > "$1/.nft"
  while read -r fam name; do
    nft -s list table "$fam" "$name" >> "$1/.nft" 2>/dev/null || : > "$1/nft.unreadable"
  done < "$1/.tables"
  awk -v d="$1" '
    !in_table && /^table / { in_table = 1; depth = 0; f = d "/nft." $2 "." $3 }
    in_table { print > f
            line = $0; depth += gsub(/[{]/, "", line); depth -= gsub(/[}]/, "", line)
            if (depth <= 0) { in_table = 0; close(f) } }' "$1/.nft"
  rm -f "$1/.nft" "$1/.tables"
}

# One line per link: NAME KIND [id N dstport P local L] mtu M [master X] [up] [alias A]
ns_links() { # DIR
  ip -d -o link show > "$1/.links" 2>/dev/null || { rm -f "$1/.links"; return 1; }
  awk '{
    n = split($0, s, "\\\\"); m = split(s[1], w, " "); name = w[2]; sub(/:$/, "", name); sub(/@.*/, "", name)
    mtu = ""; master = ""; up = (w[3] ~ /[<,]UP[,>]/) ? " up" : ""
    for (i = 3; i < m; i++) { if (w[i] == "mtu") mtu = w[i + 1]; if (w[i] == "master") master = " master " w[i + 1] }
    split(s[2], l, " "); kind = l[1]; sub(/^link\//, "", kind); alias = ""; vx = ""; typed = 0
    for (j = 3; j <= n; j++) {
      seg = s[j]; sub(/^ +/, "", seg); sub(/ +$/, "", seg)
      if (seg ~ /^alias /) { alias = " alias " substr(seg, 7); continue }
      if (typed) continue
      typed = 1; k = split(seg, x, " "); if (x[1] ~ /^(addrgenmode|numtxqueues)$/) continue
      kind = x[1]
      if (kind == "vxlan") {
        id = ""; port = ""; loc = ""
        for (i = 2; i < k; i++) { if (x[i] == "id") id = x[i + 1]; if (x[i] == "dstport") port = x[i + 1]
                                  if (x[i] == "local") loc = x[i + 1] }
        vx = " id " id (port != "" ? " dstport " port : "") (loc != "" ? " local " loc : "")
      }
    }
    print name " " kind vx " mtu " mtu master up alias }' "$1/.links" > "$1/links"
  rm -f "$1/.links"
}

ns_addresses() { # DIR
  ip -o addr show > "$1/.a" 2>/dev/null && awk '$3 == "inet" || $3 == "inet6" {
      if ($3 == "inet6" && $0 ~ / scope link/) next; d = $2; sub(/@.*/, "", d); print $4 " dev " d }' "$1/.a" \
      > "$1/addresses" || : > "$1/addresses.unreadable"
  rm -f "$1/.a"
}

# Route lines as snapshots hold them: one line per route (`ip -o` puts a multipath route's nexthops on its line,
# joined here as `ip route replace` takes them), no trailing blanks, no state flags, no kernel-made or expiring
# routes, sorted, so that the snapshot after a change can be made from the one before and the few prefixes the
# change touched (ns_routes_since). (ip ends each IPv4 route with one blank; "s/ *$//" would cost a second per
# million lines)
ns_route_norm() {
  sed -e 's/ $//' -e '/\\/s/ \\\t/ /g' -e '/ linkdown\| dead\|offload/{s/ linkdown//;s/ dead//;s/ rt_offload//;s/ offload//;}' \
    | grep -v -e ' proto kernel' -e ' table local' -e ' expires ' -e '^local ' -e '^broadcast '
}

ns_routes() { # DIR 4|6 (one pipeline: ip, sed, grep and sort share the cores; a failed read leaves NAME.unreadable)
  g=routes; [ "$2" = 6 ] && g=routes6
  [ -n "$NS_TRUSTED" ] && ns_routes_since "$NS_SINCE" "$1" "$2" "$g" && return 0
  { ip -o -"$2" route show table all 2>/dev/null || : > "$1/$g.unreadable"; } | ns_route_norm | sort -S 64M > "$1/$g"
  [ -f "$1/$g.unreadable" ] && rm -f "$1/$g"
  return 0
}

# The kernel's routes of the prefixes listed in FILE (all tables), as snapshots hold them, unsorted. The kernel
# dumps every route even for `exact` (0.2 s a query at a million routes), so more than three prefixes are found
# in one dump instead.
ns_route_exact() { # 4|6 FILE SCRATCH
  if [ "$(wc -l < "$2")" -le 3 ]; then
    while read -r p; do ip -o -"$1" route show table all exact "$p" || return 1; done < "$2" > "$3" 2>/dev/null
    ns_route_norm < "$3"
  else
    ns_route_keys "$2" > "$3.re"
    ip -o -"$1" route show table all > "$3" 2>/dev/null || { rm -f "$3" "$3.re"; return 1; }
    ns_route_norm < "$3" | grep -E -f "$3.re"
    rm -f "$3.re"
  fi
  rm -f "$3"; return 0
}

# An extended regular expression for the route lines of the prefixes in FILE: "KEY[ ...]" or "TYPE KEY[ ...]" (keys
# hold only [0-9A-Fa-f.:/] or "default": a dot is the one character to escape).
ns_route_keys() { # FILE
  sed 's/[.]/\\./g' "$1" | awk '{ r = r (NR > 1 ? "|" : "") $0 }
    END { print "^((unicast|local|broadcast|multicast|throw|unreachable|prohibit|blackhole|nat|anycast) )?(" r ")( |$)" }'
}

# The prefix a route line is for (the word after its type, if it has one): the key ns_routes_hold and
# ns_routes_since compare routes by, as `ip route show exact` finds them.
NS_ROUTE_KEY='function key(l,  w) { split(l, w, " ")
  if (w[1] ~ /^(unicast|local|broadcast|multicast|throw|unreachable|prohibit|blackhole|nat|anycast)$/) return w[2]
  return w[1] }'

# A routes group after a watched change (ns_watch), made from the snapshot before it: the routes of the prefixes
# the change's events name are asked of the kernel; all others are as they were (nothing else was announced). A
# one-route change on a router with a million routes reads one line, not 80 MB.
ns_routes_since() { # BEFORE_DIR AFTER_DIR 4|6 GROUP
  [ -f "$1/$4" ] && [ -f "$1/.touched" ] || return 1
  awk -v six="$3" '$0 == "default" || (index($0, ":") > 0) == (six == 6)' "$1/.touched" > "$2/.keys$3"
  if [ -s "$2/.keys$3" ]; then
    ns_route_exact "$3" "$2/.keys$3" "$2/.exact$3" > "$2/.now$3" || { rm -f "$2/.keys$3" "$2/.now$3"; return 1; }
    sort -o "$2/.now$3" "$2/.now$3"
    ns_route_keys "$2/.keys$3" > "$2/.re$3"
    grep -v -E -f "$2/.re$3" "$1/$4" | sort -m - "$2/.now$3" > "$2/$4"
    rm -f "$2/.re$3"
  else
    ln "$1/$4" "$2/$4" 2>/dev/null || cp "$1/$4" "$2/$4"
  fi
  rm -f "$2/.keys$3" "$2/.now$3"
}

# Whether the routes of HUNKS still are as the change left them ("+" lines there, "-" lines gone), asking the
# kernel for their prefixes only: on a router with a million routes, a one-route undo reads a line, not 80 MB.
# Prints the lines that are not; with WANT "before", checks the other way round (after an undo).
ns_routes_hold() { # routes|routes6 HUNKS [before]
  fam=4; [ "$1" = routes6 ] && fam=6
  awk -v safe="$NS_SAFE" "$NS_ROUTE_KEY"' /^[-+]/ { l = substr($0, 2); if (l ~ safe) next; p = key(l)
      if (p ~ /^[0-9A-Fa-f.:\/]+$/ || p == "default") print p }' "$2" | sort -u > "$T/prefixes"
  ns_route_exact "$fam" "$T/prefixes" "$T/exact" > "$T/holding"
  awk -v flip="$3" 'FILENAME == ARGV[1] { have[$0] = 1; next }
    /^[-+]/ { want = (substr($0, 1, 1) == "+") != (flip == "before"); l = substr($0, 2)
              if (want != ((l in have) ? 1 : 0)) print l }' "$T/holding" "$2"
}

ns_rules() { # DIR 4|6
  g=rules; [ "$2" = 6 ] && g=rules6
  ip -"$2" rule show > "$1/.$g" 2>/dev/null && sed -e 's/\t/ /' -e 's/ *$//' -e 's/ \[[a-z]*\]$//' "$1/.$g" \
      > "$1/$g" || { rm -f "$1/$g"; : > "$1/$g.unreadable"; }
  rm -f "$1/.$g"
}

ns_sysctl() { # DIR
  for k in net.ipv4.ip_forward net.ipv6.conf.all.forwarding; do
    f=/proc/sys/$(echo "$k" | tr . /); [ -r "$f" ] && echo "$k=$(cat "$f")"
  done > "$1/sysctl"
}

# One line per interface whose root qdisc is one netshell sets on a link (tbf, netem): "DEV KIND OPTIONS…", the
# options as tc takes them back (without refcnt and netem's random seed). Other qdiscs are no part of snapshots.
ns_tc() { # DIR
  command -v tc >/dev/null 2>&1 || { : > "$1/tc.absent"; return 0; }
  tc qdisc show > "$1/.tc" 2>/dev/null || { : > "$1/tc.unreadable"; rm -f "$1/.tc"; return 0; }
  awk '$1 == "qdisc" && ($2 == "tbf" || $2 == "netem") && $4 == "dev" && $6 == "root" {
      s = $5 " " $2; for (i = 7; i <= NF; i++) { if ($i == "refcnt" || $i == "seed") { i++; continue } s = s " " $i }
      print s }' "$1/.tc" | sort > "$1/tc"
  rm -f "$1/.tc"
}

# Where netshell's fault markers of this node are (fault inject): the expression core.FaultMarkers.DIR, put in
# when the library is loaded (NodeLibrary), so the planner's steps and this group name one place.
ns_fault_dir() {
  echo "@FAULT_MARKERS_DIR@"
}

# The fault markers as a group, a line each, "ID CONTENT" (base64): a change's undo or rollback takes a planted
# fault's marker away with the fault, or puts it back with it.
ns_faults() { # DIR
  : > "$1/faults"
  for ns_ff in "$(ns_fault_dir)"/*; do   # ns_ names: a caller's variables (a rollback's id, d) stay its own
    case ${ns_ff##*/} in ''|*[!0-9]*) continue ;; esac
    [ -f "$ns_ff" ] && echo "${ns_ff##*/} $(base64 -w0 < "$ns_ff")" >> "$1/faults"
  done
  return 0
}

# The built-in chains of an iptables table, in iptables-save's order.
ns_builtins() { # TABLE
  case $1 in
    filter|security) echo INPUT FORWARD OUTPUT ;; nat) echo PREROUTING INPUT OUTPUT POSTROUTING ;;
    mangle) echo PREROUTING INPUT FORWARD OUTPUT POSTROUTING ;; raw) echo PREROUTING OUTPUT ;;
  esac
}

# Group "ipt4.TABLE~PREFIX": the table's built-in chains (and Docker's DOCKER-USER hook, when there) and every
# PREFIX chain they lead to, in iptables-save's lines (with COUNTERS: iptables-save -c's). Read chain by chain:
# with iptables-nft one chain costs milliseconds where a whole save of a kube-proxy node costs a second.
ns_ipt_scoped() { # TOOL TABLE PREFIX FILE [COUNTERS]
  todo="$(ns_builtins "$2")"; [ "$2" = filter ] && "$1" -w -t filter -S DOCKER-USER >/dev/null 2>&1 \
    && todo="$todo DOCKER-USER"
  seen=" "; : > "$4.d"; : > "$4.r"
  while [ -n "$todo" ]; do   # one pass per depth: each chain listed by itself, one awk for them all
    : > "$4.c"
    for c in $todo; do
      case $seen in *" $c "*) continue ;; esac
      seen="$seen$c "
      "$1" -w -t "$2" ${5:+-v} -S "$c" >> "$4.c" 2>/dev/null
    done
    todo=$(awk -v p="$3" -v d="$4.d" -v r="$4.r" -v counters="$5" -v builtin=" $(ns_builtins "$2") " '
        { n = ""; if (counters != "") { rest = $0; at = 0
            # the last " -c P B" is the counters (one inside a quoted comment comes before it)
            while (match(rest, / -c [0-9]+ [0-9]+( |$)/)) {
              s = at + RSTART; l = RLENGTH; at += RSTART; rest = substr(rest, RSTART + 1) }
            if (at > 0) { m = substr($0, s, l); split(substr(m, 5), k, " "); n = "[" k[1] ":" k[2] "]"
                          $0 = substr($0, 1, s - 1) (substr(m, l) == " " ? " " : "") substr($0, s + l) } } }
        $1 == "-P" { print ":" $2 " " $3 (n != "" ? " " n : "") >> d; next }
        $1 == "-N" { print ":" $2 " -" (counters != "" ? " [0:0]" : "") >> d; next }
        $1 == "-A" { print (n != "" ? n " " : "") $0 >> r
                     for (i = 3; i < NF; i++) { x = $(i + 1)
                       if (($i == "-j" || $i == "-g") && x ~ /^[A-Za-z0-9_.-]+$/ && (p == "*" || index(x, p) == 1) \
                           && index(builtin, " " x " ") == 0) print x } }
        ' "$4.c")
  done
  # built-in chains first as listed, then the others by name (as iptables-save orders them)
  { awk '$2 != "-"' "$4.d"; awk '$2 == "-"' "$4.d" | sort; } > "$4"
  awk 'FILENAME == ARGV[1] { o[substr($1, 2)] = NR; next }
       { c = ($1 == "-A") ? $2 : $3; print o[c] " " NR " " $0 }' "$4" "$4.r" \
    | sort -n -k1,1 -k2,2 | cut -d' ' -f3- >> "$4"
  rm -f "$4.d" "$4.r" "$4.c"
}

# What the load balancer (and, with FILTER "*", the doctor) reads of TOOL's tables, as iptables-save -c prints
# them: filter and nat with their built-in chains and the NETSHELL- chains (or, in filter, every chain the
# built-in ones lead to). Kube-proxy's 100k nat lines stay on the node.
ns_ipt_lb() { # TOOL [FILTER]
  T=$(mktemp -d) || return 1
  ns_ipt_scoped "$1" filter "${2:-NETSHELL-}" "$T/filter" c & p=$!
  ns_ipt_scoped "$1" nat NETSHELL- "$T/nat" c; wait $p
  for t in filter nat; do echo "*$t"; cat "$T/$t"; echo COMMIT; done
  rm -rf "$T"
}

# Reads one group into DIR (a scoped snapshot): what ns_take reads for it, alone.
ns_group() { # DIR GROUP
  case $2 in
    *[!A-Za-z0-9_.~-]*|'') : > "$1/group.unreadable"; return 0 ;;
    links) ns_links "$1" || : > "$1/links.unreadable" ;;
    addresses) ns_addresses "$1" ;; routes) ns_routes "$1" 4 ;; routes6) ns_routes "$1" 6 ;;
    rules) ns_rules "$1" 4 ;; rules6) ns_rules "$1" 6 ;; sysctl) ns_sysctl "$1" ;; tc) ns_tc "$1" ;;
    faults) ns_faults "$1" ;;
    ipt4.*|ipt6.*)
      tool=iptables; [ "${2%%.*}" = ipt6 ] && tool=ip6tables
      t=${2#*.}
      command -v "$tool" >/dev/null 2>&1 || { : > "$1/$2.absent"; return 0; }
      case $t in
        *~*) ns_ipt_scoped "$tool" "${t%%~*}" "${t#*~}" "$1/$2" ;;
        *) "$tool-save" -t "$t" > "$1/.$2" 2>/dev/null || { : > "$1/$2.unreadable"; rm -f "$1/.$2"; return 0; }
           awk '/^[#*]/ || /^COMMIT$/ { next } { if ($0 ~ /^:/) sub(/ \[[0-9]+:[0-9]+\]$/, ""); print }' \
             "$1/.$2" > "$1/$2"; rm -f "$1/.$2" ;;
      esac ;;
    nft.*)
      rest=${2#nft.}; command -v nft >/dev/null 2>&1 || { : > "$1/$2.absent"; return 0; }
      nft -s list table "${rest%%.*}" "${rest#*.}" > "$1/$2" 2>/dev/null || rm -f "$1/$2" ;;
    *) : > "$1/$2.unreadable" ;;
  esac
}

# Takes a snapshot into DIR: every group, or only GROUPs (kept in DIR/.scope, so that what is compared with it
# later is read the same way). Prints ns_list.
# ---- watching a change: the snapshot before a change (NS_WATCH=1) starts `ip monitor` beside it, so that the
# snapshot after it (NS_SINCE=BEFORE_DIR) re-reads only the route prefixes the change's events name. The events
# vouch for the routes only when the monitor listened before the read began, lost nothing (no drops), printed all
# it was sent (queue empty, waiting) and saw no link, address, nexthop or netconf event (a link going down drops
# its routes without a word); otherwise the routes are read whole, as without a watch.
ns_watch() { # DIR
  setsid sh -c 'echo $$ > "$1/.watch"; ip -o monitor label link address route rule nexthop netconf & echo $! > "$1/.monitor"
    sleep 900; kill $!' sh "$1" > "$1/.events" 2>&1 < /dev/null &
  ns_wp=$!   # setsid makes this process its session's leader in place (a background job leads no group)
  ns_deadline 200
  while ns_before_deadline; do ns_monitor "$1" > /dev/null && return 0; sleep 0.005; done
  # Not listening in time (a loaded machine): stopped at whatever stage it reached, or it would start later with
  # nobody to end it: the process itself (before its setsid), then its group (what it started since).
  kill -KILL "$ns_wp" 2> /dev/null; kill -KILL -- "-$ns_wp" 2> /dev/null
  ns_unwatch "$1"
}

# A deadline CENTISECONDS from now, in wall time: a count of tries would stretch with the load, as each try forks.
ns_deadline() { # CENTISECONDS
  read -r ns_up _ < /proc/uptime; ns_until=$(( ${ns_up%.*}${ns_up#*.} + $1 ))
}

ns_before_deadline() {
  read -r ns_up _ < /proc/uptime; [ $(( ${ns_up%.*}${ns_up#*.} )) -lt "$ns_until" ]
}

# The watch's monitor, when it is the process DIR started and it listens: prints "QUEUED_BYTES DROPS STATE".
ns_monitor() { # DIR
  m=$(cat "$1/.monitor" 2>/dev/null); w=$(cat "$1/.watch" 2>/dev/null)
  case "$m$w" in ''|*[!0-9]*) return 1 ;; esac
  st=$(cat "/proc/$m/stat" 2>/dev/null) || return 1
  set -- $st; [ "$2" = "(ip)" ] && [ "$6" = "$w" ] || return 1   # "ip" has no blank: fields stay in place
  state=$3
  socks=$(ls -l "/proc/$m/fd" 2>/dev/null | sed -n 's/.*socket:\[\([0-9]*\)\]$/\1/p' | tr '\n' ' ')
  awk -v socks=" $socks" -v state="$state" '$2 == "0" && $4 != "00000000" && index(socks, " " $10 " ") {
      print $5, $9, state; found = 1 } END { exit !found }' /proc/net/netlink
}

ns_unwatch() { # DIR
  w=$(cat "$1/.watch" 2>/dev/null)
  case "$w" in ''|*[!0-9]*) ;; *) [ "$(cut -d' ' -f6 "/proc/$w/stat" 2>/dev/null)" = "$w" ] && kill -- "-$w" 2>/dev/null ;; esac
  rm -f "$1/.watch" "$1/.monitor"
}

# Ends the watch begun with DIR; true, with the route prefixes the events name in DIR/.touched, when they vouch
# for the routes (see ns_watch).
ns_watched() { # DIR
  rm -f "$1/.touched"
  [ -f "$1/.watch" ] || return 1
  ok=; ns_deadline 200
  while ns_before_deadline; do
    v=$(ns_monitor "$1") || break
    case $v in "0 0 S") ok=1; break ;; *" "[1-9]*" "*) break ;; esac   # all printed; or events were dropped
    sleep 0.005
  done
  ns_unwatch "$1"
  [ -n "$ok" ] || return 1
  grep -q -v -e '^\[ROUTE\]' -e '^\[RULE\]' "$1/.events" && return 1
  awk "$NS_ROUTE_KEY"' /^\[ROUTE\]/ { l = substr($0, 8); sub(/^Deleted /, "", l); p = key(l)
      if (p !~ /^[0-9A-Fa-f.:\/]+$/ && p != "default") bad = 1; else print p }
    END { exit bad }' "$1/.events" | sort -u > "$1/.touched" || { rm -f "$1/.touched"; return 1; }
  [ "$(wc -l < "$1/.touched")" -le 400 ] || { rm -f "$1/.touched"; return 1; }
}

ns_take() { # DIR [GROUP...]
  NS_DIR=$1; shift   # not "d": the armed rollback script keeps its directory in d
  NS_TRUSTED=; [ -n "$NS_SINCE" ] && ns_watched "$NS_SINCE" && NS_TRUSTED=1
  [ -f "$NS_DIR/.watch" ] && ns_unwatch "$NS_DIR"
  rm -rf "$NS_DIR" && mkdir -p "$NS_DIR" || { echo "unreadable snapshot cannot create $NS_DIR"; return 1; }
  [ -n "$NS_WATCH" ] && case " ${*:-routes} " in *" routes "*|*" routes6 "*) ns_watch "$NS_DIR" ;; esac
  if [ $# -gt 0 ]; then
    echo "$*" > "$NS_DIR/.scope"
    ns_pids=
    for g in "$@"; do ns_group "$NS_DIR" "$g" & ns_pids="$ns_pids $!"; done   # each group has files of its own
    # shellcheck disable=SC2086
    wait $ns_pids
    ns_list "$NS_DIR"; return
  fi
  # the two reads that grow with a node (a kube-proxy table, a full routing table) run beside the others
  ns_ipt iptables ipt4 "$NS_DIR" & ns_p1=$!
  ns_routes "$NS_DIR" 4 & ns_p2=$!
  ns_ipt ip6tables ipt6 "$NS_DIR"; ns_nft "$NS_DIR"
  ns_links "$NS_DIR" || : > "$NS_DIR/links.unreadable"
  ns_addresses "$NS_DIR"; ns_routes "$NS_DIR" 6
  ns_rules "$NS_DIR" 4; ns_rules "$NS_DIR" 6; ns_sysctl "$NS_DIR"; ns_tc "$NS_DIR"; ns_faults "$NS_DIR"
  wait $ns_p1 $ns_p2
  ns_list "$NS_DIR"
}

# The scope snapshot DIR was taken with (empty: everything), for reading the node the same way again.
ns_scope() { [ -f "$1/.scope" ] && cat "$1/.scope"; return 0; }

ns_list() { # DIR: the digest of each group, and what could not be read (kept in DIR/.sums for ns_sum)
  ( cd "$1" && for f in *; do
      case $f in
        '*') ;;
        *.absent) echo "absent ${f%.absent}" ;;
        *.unreadable) echo "unreadable ${f%.unreadable}" ;;
        *) echo "group $f $(wc -l < "$f") $(md5sum < "$f" | cut -c1-32)" ;;
      esac
    done ) | tee "$1/.sums"
}

# The diff of two snapshots, for the journal: per changed group a header
# "### NAME BEFORE_LINES BEFORE_MD5 AFTER_LINES AFTER_MD5" (a missing group: 0 -), its `diff -U0` hunks (at most
# MAX lines, else "### cut"), and for groups of at most SMALL lines the whole after text, each line behind "=".
ns_diff() { # BEFORE_DIR AFTER_DIR MAX SMALL
  for f in $( (ls "$1"; ls "$2") | sort -u); do
    case $f in *.absent|*.unreadable) continue ;; esac
    ns_blind "$1" "$f" || ns_blind "$2" "$f" && continue
    a="$1/$f"; [ -f "$a" ] || a=/dev/null
    b="$2/$f"; [ -f "$b" ] || b=/dev/null
    cmp -s "$a" "$b" && continue
    echo "### $f $(ns_sum "$a") $(ns_sum "$b")"
    diff -U0 "$a" "$b" | awk -v max="$3" 'NR <= 2 || /^\\/ { next } { if (++n > max) { print "### cut"; exit } print }'
    [ "$b" != /dev/null ] && [ "$(wc -l < "$b")" -le "$4" ] && sed 's/^/=/' "$b"
  done
  return 0
}

# A group file's line count and digest, as its snapshot listed them when it was taken (files are never changed).
ns_sum() { # FILE
  [ "$1" = /dev/null ] && { echo "0 -"; return; }
  awk -v g="${1##*/}" '$1 == "group" && $2 == g { print $3, $4; found = 1; exit } END { exit !found }' \
    "${1%/*}/.sums" 2>/dev/null || echo "$(wc -l < "$1") $(ns_md5 "$1")"
}

# A group file's digest as snapshots list it; "-" for a group that is not there.
ns_md5() { if [ -f "$1" ]; then md5sum < "$1" | cut -c1-32; else echo -; fi; }

# True for a routes group whose change is small enough (400 lines) to check line by line with the kernel.
ns_by_line() { # GROUP
  case $1 in routes|routes6) [ "$(grep -c '^[-+]' "$T/d/$1")" -le 400 ] ;; *) return 1 ;; esac
}

# Applies a set group's difference: DELS (lines the node has and should not), ADDS (lines it should have).
# Lines holding anything but plain words are skipped: they never reach ip's batch parser.
ns_set() { # GROUP DELS ADDS
  case $1 in
    links) awk -v safe="$NS_SAFE" 'FILENAME == ARGV[1] { if ($0 !~ safe) want[$1] = $0; next }
        $0 ~ safe { next }
        !($1 in want) { print "link del dev " $1; next }' "$3" "$2" > "$T/batch"
      awk -v safe="$NS_SAFE" '$0 ~ safe { next } { s = "link set dev " $1; m = " nomaster"; u = " down"
        for (i = 2; i < NF; i++) { if ($i == "mtu") s = s " mtu " $(i + 1); if ($i == "master") m = " master " $(i + 1) }
        for (i = 2; i <= NF; i++) if ($i == "up") u = " up"
        print s m u }' "$3" >> "$T/batch"
      fam= ;;
    addresses) awk -v safe="$NS_SAFE" '$0 !~ safe { print "address del " $0 }' "$2" > "$T/batch"
      awk -v safe="$NS_SAFE" '$0 !~ safe { print "address add " $0 }' "$3" >> "$T/batch"; fam= ;;
    routes|routes6) awk -v safe="$NS_SAFE" '$0 !~ safe { print "route del " $0 }' "$2" > "$T/batch"
      awk -v safe="$NS_SAFE" '$0 !~ safe { print "route replace " $0 }' "$3" >> "$T/batch"
      fam=-4; [ "$1" = routes6 ] && fam=-6 ;;
    rules|rules6) awk -v safe="$NS_SAFE" '$0 !~ safe { p = $1; sub(/:$/, "", p); $1 = ""; print "rule del pref " p $0 }' \
        "$2" > "$T/batch"
      awk -v safe="$NS_SAFE" '$0 !~ safe { p = $1; sub(/:$/, "", p); $1 = ""; print "rule add pref " p $0 }' \
        "$3" >> "$T/batch"
      fam=-4; [ "$1" = rules6 ] && fam=-6 ;;
    tc) awk -v safe="$NS_SAFE" '$0 !~ safe { print "qdisc del dev " $1 " root" }' "$2" > "$T/batch"
      awk -v safe="$NS_SAFE" '$0 !~ safe { s = "qdisc replace dev " $1 " root"; for (i = 2; i <= NF; i++) s = s " " $i
        print s }' "$3" >> "$T/batch"
      [ -s "$T/batch" ] || return 0
      tc -force -batch "$T/batch" >/dev/null 2>&1
      NS_DONE="$NS_DONE tc"
      return 0 ;;
    faults) ns_fd=$(ns_fault_dir)   # ns_ names: the armed rollback that runs this keeps its id in "id"
      while read -r ns_fid _; do case $ns_fid in ''|*[!0-9]*) ;; *) rm -f "$ns_fd/$ns_fid" ;; esac; done < "$2"
      while read -r ns_fid ns_ftext; do
        case $ns_fid in ''|*[!0-9]*) continue ;; esac
        mkdir -p "$ns_fd" && echo "$ns_ftext" | base64 -d > "$ns_fd/$ns_fid"
      done < "$3"
      NS_DONE="$NS_DONE faults"
      return 0 ;;
    sysctl) while IFS='=' read -r k v; do
        case $k in net.ipv4.ip_forward|net.ipv6.conf.all.forwarding) ;; *) continue ;; esac
        case $v in ''|*[!0-9]*) continue ;; esac
        f=/proc/sys/$(echo "$k" | tr . /); [ -w "$f" ] && echo "$v" > "$f" && NS_DONE="$NS_DONE $k=$v"
      done < "$3"
      return 0 ;;
    *) return 0 ;;
  esac
  [ -s "$T/batch" ] || return 0
  # shellcheck disable=SC2086
  ip $fam -force -batch "$T/batch" >/dev/null 2>&1
  NS_DONE="$NS_DONE $1"
  [ "$1" = links ] && for n in $(sed -n 's/^link del dev //p' "$T/batch"); do NS_DONE="$NS_DONE -link:$n"; done
  return 0
}

# Queues a netfilter table to be restored to WANT (or removed, with no WANT); ns_commit applies the queue.
# An iptables table is restored chain by chain (ns_chains): only the chains that differ from HAVE are rewritten, so
# putting back one rule of a 100k-line kube-proxy table does not reload the other 100k.
ns_table() { # GROUP [WANT [HAVE]]
  case $1 in
    ipt4.*|ipt6.*)
      tool=iptables; fam=ip; [ "${1%%.*}" = ipt6 ] && { tool=ip6tables; fam=ip6; }
      t=${1#*.}
      # a scoped group (TABLE~PREFIX) is never "absent": the table is emptied of what the scope holds
      case $t in *~*) t=${t%%~*}; set -- "$1" "${2:-/dev/null}" "$3" ;; esac
      if [ -n "$2" ]; then
        have=${3:-/dev/null}; [ -f "$have" ] || have=/dev/null
        { echo "*$t"; ns_chains "$2" "$have"; echo COMMIT; } >> "$T/$tool.restore"
      elif "$tool" -V 2>/dev/null | grep -q nf_tables; then nft delete table "$fam" "$t" 2>/dev/null
      else "$tool" -w -t "$t" -F 2>/dev/null; "$tool" -w -t "$t" -X 2>/dev/null; fi ;;
    nft.*)
      rest=${1#nft.}; fam=${rest%%.*}; name=${rest#*.}
      { echo "table $fam $name"; echo "delete table $fam $name"; [ -n "$2" ] && cat "$2"; } >> "$T/nft.restore" ;;
  esac
}

# The body of an `iptables-restore --noflush` that turns table text HAVE into WANT (both iptables-save lines,
# no counters), naming only the chains diff finds changed: a new chain is declared and filled, a gone one flushed
# and deleted (built-in ones only flushed); a chain in both gets its policy, then its changed rules by number
# (deletes from the bottom up, then inserts top down, so each number holds), or is rewritten whole when many
# of its rules changed. Rewriting a kube-proxy KUBE-SERVICES chain costs seconds; one -D and one -I do not.
ns_chains() { # WANT HAVE
  diff "$2" "$1" | awk -v most=200 '
    f == 0 { if (/^[0-9]/) { split($0, h, /[acd]/); split(h[1], l, ","); split(h[2], r, ","); ln = l[1]; rn = r[1] }
             else if (/^< /) gone[ln++] = 1
             else if (/^> /) came[rn++] = 1
             else next
             if ($2 ~ /^:/) changed[substr($2, 2)] = 1; else if ($2 == "-A") changed[$3] = 1
             next }
    /^:/ { c = substr($1, 2); if (!(c in changed)) next
           if (f == 1) { decl[c] = $0; order[++n] = c } else { had[c] = $0; hs[++m] = c; pol[c] = $2 } next }
    $1 != "-A" || !($2 in changed) { next }
    f == 1 { c = $2; rule[c, ++k[c]] = $0; if (FNR in came) ins[c, ++ni[c]] = k[c]; next }
    { c = $2; ++hk[c]; if (FNR in gone) del[c, ++nd[c]] = hk[c] }
    END {
      for (i = 1; i <= n; i++) { c = order[i]
        if (!(c in had)) how[c] = "new"; else if (nd[c] + ni[c] > most) how[c] = "whole"; else how[c] = "edit" }
      for (i = 1; i <= n; i++) { c = order[i]
        if (how[c] != "edit" || (pol[c] != "-" && decl[c] != had[c])) print decl[c] }
      for (i = 1; i <= n; i++) if (how[order[i]] == "whole") print "-F " order[i]
      for (i = 1; i <= m; i++) if (!(hs[i] in decl)) print "-F " hs[i]
      for (i = 1; i <= n; i++) { c = order[i]
        if (how[c] == "edit") { for (j = nd[c]; j >= 1; j--) print "-D " c " " del[c, j]
                                for (j = 1; j <= ni[c]; j++) { x = rule[c, ins[c, j]]; sub(/^-A [^ ]+/, "", x)
                                                               print "-I " c " " ins[c, j] x } }
        else for (j = 1; j <= k[c]; j++) print rule[c, j] }
      for (i = 1; i <= m; i++) if (!(hs[i] in decl) && pol[hs[i]] == "-") print "-X " hs[i]
    }' f=0 - f=1 "$1" f=2 "$2"
}

ns_commit() {
  for tool in iptables ip6tables; do
    [ -s "$T/$tool.restore" ] || continue
    if "$tool-restore" -w --noflush < "$T/$tool.restore"; then NS_DONE="$NS_DONE $tool"
    else NS_FAILED="$NS_FAILED $tool"; fi
  done
  if [ -s "$T/nft.restore" ]; then
    if nft -f "$T/nft.restore"; then NS_DONE="$NS_DONE nftables"; else NS_FAILED="$NS_FAILED nftables"; fi
  fi
  rm -f "$T/iptables.restore" "$T/ip6tables.restore" "$T/nft.restore"
  return 0
}

# True when GROUP's tool was missing or its read failed in DIR: restores leave such groups alone.
ns_blind() { # DIR GROUP
  p=${2%%.*}; [ -f "$1/$p.absent" ] || [ -f "$1/$p.unreadable" ] || [ -f "$1/$2.unreadable" ]
}

ns_is_set() { case $1 in links|addresses|routes|routes6|rules|rules6|sysctl|tc|faults) return 0 ;; esac; return 1; }

# The order a restore goes in: links before addresses before routes and rules; netfilter last but sysctls.
ns_order() { awk '{ g = $0; r = 5
  if (g == "links") r = 0; else if (g == "addresses") r = 1; else if (g ~ /^routes/) r = 2
  else if (g ~ /^rules/) r = 3; else if (g == "tc") r = 4; else if (g == "sysctl") r = 6
  print r " " g }' | sort | cut -d' ' -f2; }

# Puts the node back as snapshot BASE found it, group by group, touching only the groups that differ now.
ns_restore() { # BASE_DIR
  # shellcheck disable=SC2046
  ns_take "$T/now" $(ns_scope "$1") > /dev/null
  for g in $( (ls "$1"; ls "$T/now") | sort -u | grep -v -e '\.absent$' -e '\.unreadable$' | ns_order); do
    ns_blind "$1" "$g" || ns_blind "$T/now" "$g" && continue
    [ -f "$1/$g" ] && [ -f "$T/now/$g" ] && cmp -s "$1/$g" "$T/now/$g" && continue
    if ns_is_set "$g"; then
      [ -f "$1/$g" ] || : > "$1/$g"; [ -f "$T/now/$g" ] || : > "$T/now/$g"
      # diff, not sort+comm: the kernel lists in a stable order, so a one-route difference in a million-route
      # table is found in one linear pass (a line that moved is deleted and added back: the same set)
      diff "$T/now/$g" "$1/$g" > "$T/delta"
      sed -n 's/^< //p' "$T/delta" > "$T/dels"; sed -n 's/^> //p' "$T/delta" > "$T/adds"
      ns_set "$g" "$T/dels" "$T/adds"
    elif [ -f "$1/$g" ]; then ns_table "$g" "$1/$g" "$T/now/$g"
    else ns_table "$g"
    fi
  done
  ns_commit
}

# Reverses a journaled change. Stdin: per group "### NAME present|absent AFTER_MD5 BEFORE_MD5" (what the change
# left and what it found) and the change's -U0 hunks. First every group is checked: routes line by line (the
# lines the change added still there, those it removed still gone), other groups by digest. On a conflict it
# prints "conflict NAME" for each and changes nothing (exit 6); with CHECK it stops there either way. Then set
# groups get the hunks' lines back ("-": re-added, "+": removed), tables are rebuilt from their current text with
# the hunks reversed (ns_unpatch) and restored chain by chain; "differs NAME" names a group not back as it was.
ns_undo() { # [check]
  mkdir -p "$T/d"
  awk -v d="$T/d" '/^### / { f = ""; if ($2 ~ /^[A-Za-z0-9_.~-]+$/) { f = d "/" $2; print $3 > (f ".had")
                               print $4 > (f ".now"); print $5 > (f ".was") } next }
    f != "" { print > f }' || return 1
  groups=$(ls "$T/d" | grep -v -e '\.had$' -e '\.now$' -e '\.was$' | ns_order)
  read_now=
  for g in $groups; do ns_by_line "$g" || read_now="$read_now $g"; done
  # shellcheck disable=SC2086
  [ -n "$read_now" ] && ns_take "$T/now" $read_now > /dev/null
  conflict=
  for g in $groups; do
    case " $read_now " in
      *" $g "*) [ "$(ns_md5 "$T/now/$g")" = "$(cat "$T/d/$g.now")" ] || conflict="$conflict $g" ;;
      *) [ -z "$(ns_routes_hold "$g" "$T/d/$g")" ] || conflict="$conflict $g" ;;
    esac
  done
  for g in $conflict; do echo "conflict $g"; done
  [ -n "$conflict" ] && return 6
  [ "$1" = check ] && return 0
  for g in $groups; do
    if ns_is_set "$g"; then
      sed -n 's/^+//p' "$T/d/$g" > "$T/dels"; sed -n 's/^-//p' "$T/d/$g" > "$T/adds"
      ns_set "$g" "$T/dels" "$T/adds"
    elif [ "$(cat "$T/d/$g.had")" = absent ]; then ns_table "$g"
    else
      cur="$T/now/$g"; [ -f "$cur" ] || cur=/dev/null
      ns_unpatch "$T/d/$g" "$cur" > "$T/before.$g" && ns_table "$g" "$T/before.$g" "$cur"
    fi
  done
  ns_commit
  ns_undone "$groups"
}

# After an undo: names each set group that is not back as the change found it (routes line by line, the others
# by digest); a table's restore is atomic, so its exit status says it (ns_commit's NS_FAILED).
ns_undone() { # GROUPS
  small=
  for g in $1; do
    if ns_by_line "$g"; then [ -n "$(ns_routes_hold "$g" "$T/d/$g" before)" ] && echo "differs $g"
    elif ns_is_set "$g"; then small="$small $g"; fi
  done
  # shellcheck disable=SC2086
  [ -n "$small" ] && ns_take "$T/after" $small > /dev/null
  for g in $small; do [ "$(ns_md5 "$T/after/$g")" = "$(cat "$T/d/$g.was")" ] || echo "differs $g"; done
  for g in $1; do
    case $g in ipt4.*) t=iptables ;; ipt6.*) t=ip6tables ;; nft.*) t=nftables ;; *) continue ;; esac
    case " $NS_FAILED " in *" $t "*) echo "differs $g" ;; esac
  done
  return 0
}

# Prints the text a -U0 diff (old -> new) was made from, given the new text: each hunk "@@ -a,b +c,d @@" puts
# its b "-" lines back in place of new lines c..c+d-1 (after line c when d is 0).
ns_unpatch() { # HUNKS NEW
  awk 'FILENAME == ARGV[1] {
      if ($0 ~ /^@@ /) { split($3, p, ","); c = substr(p[1], 2) + 0; d = (p[2] == "") ? 1 : p[2] + 0
                          h++; start[h] = c; len[h] = d; nb[h] = 0; next }
      if (substr($0, 1, 1) == "-") { nb[h]++; old[h, nb[h]] = substr($0, 2) }
      next }
    FNR == 1 { emitted = 0; k = 1; at0() }
    { line++
      if (k <= h && len[k] > 0 && start[k] == line) { put(k); skip = len[k] - 1; k++; next }
      if (skip > 0) { skip--; next }
      print
      if (k <= h && len[k] == 0 && start[k] == line) { put(k); k++ } }
    END { if (!started) { k = 1; at0() } while (k <= h) { put(k); k++ } }
    function at0() { started = 1; while (k <= h && len[k] == 0 && start[k] == 0) { put(k); k++ } }
    function put(x,  i) { for (i = 1; i <= nb[x]; i++) print old[x, i] }' "$1" "$2"
}

# ---- armed rollbacks: one node-wide lock (the network namespace's inode names the node), so two shells'
# rollbacks never interleave; a rollback armed while another waits on the node takes over its older snapshot.
NS_RB=/run/netshell/rollback
ns_key() { readlink /proc/self/ns/net | tr -cd 0-9; }
ns_lock() {
  mkdir -p "$NS_RB"; NS_LOCK="$NS_RB/node-$(ns_key).lock"; i=0
  until mkdir "$NS_LOCK" 2>/dev/null; do i=$((i + 1)); [ $i -ge 1500 ] && break; sleep 0.02; done
}
ns_unlock() { rmdir "$NS_LOCK" 2>/dev/null; }
ns_stop() { # ID: the scheduled rollback no longer fires
  systemctl stop "netshell-rollback-$1.timer" 2>/dev/null
  [ -s "$NS_RB/$1.pid" ] && kill -- "-$(cat "$NS_RB/$1.pid")" 2>/dev/null
  return 0
}
# True when an armed rollback on this node restores snapshot ID.
ns_based() { # ID
  cat "$NS_RB"/*.base 2>/dev/null | grep -qx -e "$1"
}
ns_valid() { case $1 in ''|*[!A-Za-z0-9-]*) return 1 ;; esac; return 0; }
ns_last() { # ID: follows "superseded" links to the rollback now standing for ID; VIA: the ones passed
  NS_CUR=$1; NS_VIA=
  while [ -f "$NS_RB/$NS_CUR.superseded" ]; do
    n=$(cat "$NS_RB/$NS_CUR.superseded"); ns_valid "$n" || break; NS_VIA="$NS_VIA $NS_CUR"; NS_CUR=$n
  done
}
