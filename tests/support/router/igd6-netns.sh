#!/usr/bin/env bash
# igd6-netns.sh - a real IPv6 home router for pinhole tests: miniupnpd 2.3.1 (Debian, nftables backend, built with
# IPv6 and IGDv2, which includes the WANIPv6FirewallControl:1 service) inside three private network namespaces.
# Modelled on ../../../../shared/tools/igd-netns.sh (IPv4 only), which stays untouched.
#
#   igd6-lan    eth0: 10.99.0.2/24 and $LAN6_HOST/64, default routes via the router   <-- the client / test runs here
#      | veth eth0 <-> lan0
#   igd6-router lan0: 10.99.0.1/24 + $LAN6_GW/64;  wan0: $WAN_IP/24 + $WAN6_IP/64; forwarding on;
#               nft "inet filter": inbound IPv6 to the LAN is refused unless a miniupnpd pinhole accepts it
#      | veth wan0 <-> inet0
#   igd6-wan    inet0: $WAN_PEER/24 + $WAN6_PEER/64, a route to the LAN prefix via the router   <-- "the internet"
#
# None of these namespaces has any link to the host network; nothing leaves them.
#
# Addresses. IPv6 pinholes are about global addresses, so the LAN gets a prefix from global unicast 2000::/3, the
# kind a provider delegates to a home router: that is what the app (src-main/engine/nat/local-addresses.ts) offers
# as a pinhole address. Documentation prefixes (2001:db8::/32, 3fff::/20) are avoided on purpose: the app treats
# them as not public, so a lab built on them could not exercise the code path a real home network takes.
# miniupnpd itself is indifferent to the prefix (tried: a ULA fd12:3456:789a:1::/64 and 2001:db8:1:1::/64 work the
# same): AddPinhole only insists that InternalClient equals the IPv6 source address of the SOAP request (error 606
# otherwise) and that the port is >= 1024; the HTTP/SSDP side needs some non-link-local IPv6 address on the
# listening interface (it logs "no HTTP IPv6 address, disabling IPv6" without one). 2a0e:97c0:38f::/48 is used
# only inside these isolated namespaces.
# IPv4 is kept as in the shared script: a home router serves both families, so the IPv4 SSDP answer (whose IPv4
# control URL pinhole calls must not use) is part of what the client has to handle. (Without IPv4 miniupnpd still
# serves IPv6 but logs 'interface "lan0" has no IPv4 address' and 'Cannot get IP address for ext interface'.)
#
# Needs: root with CAP_NET_ADMIN + CAP_SYS_ADMIN (ip netns), kernel nf_tables with IPv6, and
#   apt-get install -y --no-install-recommends miniupnpd miniupnpd-nftables nftables
#
# Usage: igd6-netns.sh up | down | status | lan <cmd...> | wan <cmd...> | router <cmd...>
set -euo pipefail

NS_R=${NS_R:-igd6-router}
NS_L=${NS_L:-igd6-lan}
NS_W=${NS_W:-igd6-wan}
LAN_GW=${LAN_GW:-10.99.0.1}
LAN_HOST=${LAN_HOST:-10.99.0.2}
WAN_IP=${WAN_IP:-100.128.99.1}
WAN_PEER=${WAN_PEER:-100.128.99.2}
LAN6_PREFIX=${LAN6_PREFIX:-2a0e:97c0:38f:1}
WAN6_PREFIX=${WAN6_PREFIX:-2a0e:97c0:38f:ff}
LAN6_GW=${LAN6_GW:-$LAN6_PREFIX::1}
LAN6_HOST=${LAN6_HOST:-$LAN6_PREFIX::2}
WAN6_IP=${WAN6_IP:-$WAN6_PREFIX::1}
WAN6_PEER=${WAN6_PEER:-$WAN6_PREFIX::2}
WORKDIR=${IGD_WORKDIR:-${TMPDIR:-/tmp}/igd6-netns}
HTTP_PORT=${IGD_HTTP_PORT:-5000}
PIDFILE="$WORKDIR/miniupnpd.pid"
LOG="$WORKDIR/miniupnpd.log"

in_r() { ip netns exec "$NS_R" "$@"; }
in_l() { ip netns exec "$NS_L" "$@"; }
in_w() { ip netns exec "$NS_W" "$@"; }

up() {
  mkdir -p "$WORKDIR"
  for ns in "$NS_R" "$NS_L" "$NS_W"; do
    if ip netns list | grep -qw "$ns"; then echo "netns $ns already exists; run '$0 down' first" >&2; exit 1; fi
  done
  ip netns add "$NS_R"; ip netns add "$NS_L"; ip netns add "$NS_W"
  for ns in "$NS_R" "$NS_L" "$NS_W"; do
    ip netns exec "$ns" ip link set lo up
    # Set before the links exist, so they inherit it. Router advertisements would add addresses and routes of
    # their own (every address here is static). Duplicate address detection would keep each new address, the
    # automatic link-local ones included, "tentative" (unusable) for a second or two: SSDP over IPv6 and the
    # router's answers need the link-local addresses at once.
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0 \
      net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
  done
  in_r ip link add lan0 type veth peer name eth0 netns "$NS_L"
  in_r ip link add wan0 type veth peer name inet0 netns "$NS_W"
  in_r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1

  in_r ip addr add "$LAN_GW/24" dev lan0
  in_r ip -6 addr add "$LAN6_GW/64" dev lan0 nodad
  in_r ip link set lan0 up
  in_r ip addr add "$WAN_IP/24" dev wan0
  in_r ip -6 addr add "$WAN6_IP/64" dev wan0 nodad
  in_r ip link set wan0 up
  in_r ip route add default via "$WAN_PEER"
  in_r ip -6 route add default via "$WAN6_PEER"

  in_l ip addr add "$LAN_HOST/24" dev eth0
  in_l ip -6 addr add "$LAN6_HOST/64" dev eth0 nodad
  in_l ip link set eth0 up
  in_l ip route add default via "$LAN_GW"
  in_l ip -6 route add default via "$LAN6_GW"

  in_w ip addr add "$WAN_PEER/24" dev inet0
  in_w ip -6 addr add "$WAN6_PEER/64" dev inet0 nodad
  in_w ip link set inet0 up
  # The provider routes the prefix it delegated to the customer's router.
  in_w ip -6 route add "$LAN6_PREFIX::/64" via "$WAN6_IP"

  # Node lists (and binds SSDP to) only interfaces that are up and running, and nothing may still be tentative.
  for _ in $(seq 1 50); do
    pending=""
    for pair in "$NS_R:lan0" "$NS_R:wan0" "$NS_L:eth0" "$NS_W:inet0"; do
      [ "$(ip netns exec "${pair%%:*}" cat "/sys/class/net/${pair#*:}/operstate")" = up ] || pending="$pending ${pair}"
      [ -z "$(ip netns exec "${pair%%:*}" ip -6 addr show dev "${pair#*:}" tentative)" ] || pending="$pending ${pair}(tentative)"
    done
    [ -z "$pending" ] && break
    sleep 0.1
  done
  if [ -n "$pending" ]; then echo "links not ready:$pending" >&2; exit 1; fi

  # The nftables layout miniupnpd's nft backend expects (table inet "filter", chains miniupnpd /
  # prerouting_miniupnpd / postrouting_miniupnpd). miniupnpd puts each pinhole as an accept rule into the
  # "miniupnpd" chain. What is not accepted there is refused with ICMPv6 "administratively prohibited" rather than
  # dropped, so a blocked connection fails at once (EACCES) instead of after a timeout, and tests can tell
  # "the router's firewall refused" apart from "nobody listens" (ECONNREFUSED) and from a lost packet.
  cat > "$WORKDIR/miniupnpd.nft" <<'EOF'
table inet filter {
    chain forward {
        type filter hook forward priority 0; policy drop;
        ct state established,related accept
        iifname "lan0" accept
        jump miniupnpd
        meta nfproto ipv6 reject with icmpv6 admin-prohibited
    }
    chain miniupnpd { }
    chain prerouting {
        type nat hook prerouting priority -100; policy accept;
        jump prerouting_miniupnpd
    }
    chain postrouting {
        type nat hook postrouting priority 100; policy accept;
        oifname "wan0" meta nfproto ipv4 masquerade
        jump postrouting_miniupnpd
    }
    chain prerouting_miniupnpd { }
    chain postrouting_miniupnpd { }
}
EOF
  in_r nft -f "$WORKDIR/miniupnpd.nft"

  # ext_ifname6: the IPv6 WAN interface; each pinhole rule matches it as the input interface.
  # force_igd_desc_v1=no: IGDv2, whose description lists WANIPv6FirewallControl:1 (IGDv1 has no such service).
  # listening_ip must name the interface (not an address) for IPv6 to be served; miniupnpd then announces the
  # interface's first global address ($LAN6_GW) in IPv6 SSDP answers. ipv6_listening_ip is left out on purpose:
  # with it, miniupnpd 2.3.1 binds its HTTP socket to that IPv6 address alone and stops answering over IPv4.
  # enable_natpmp=no: the IPv4 lab (igd-netns.sh) covers NAT-PMP/PCP.
  cat > "$WORKDIR/miniupnpd.conf" <<EOF
ext_ifname=wan0
ext_ifname6=wan0
listening_ip=lan0
http_port=$HTTP_PORT
enable_upnp=yes
enable_natpmp=no
force_igd_desc_v1=no
min_lifetime=120
max_lifetime=86400
secure_mode=yes
system_uptime=yes
notify_interval=30
uuid=3f1b8a5e-8a0c-4c1e-9d3e-6a8c2d7e1f06
lease_file=$WORKDIR/upnp.leases
allow 1024-65535 10.99.0.0/24 1024-65535
deny 0-65535 0.0.0.0/0 0-65535
EOF
  rm -f "$PIDFILE" "$WORKDIR/upnp.leases"
  (in_r /usr/sbin/miniupnpd -f "$WORKDIR/miniupnpd.conf" -d -P "$PIDFILE" >"$LOG" 2>&1 &)
  for _ in $(seq 1 50); do
    grep -q "HTTP IPv6 address given to control points" "$LOG" 2>/dev/null && [ -s "$PIDFILE" ] && break
    sleep 0.1
  done
  if ! grep -q "HTTP IPv6 address given to control points" "$LOG"; then cat "$LOG" >&2; echo "miniupnpd did not start with IPv6" >&2; exit 1; fi
  echo "miniupnpd pid $(cat "$PIDFILE") in netns $NS_R; IGD desc http://[$LAN6_GW]:$HTTP_PORT/rootDesc.xml; log $LOG"
}

down() {
  if [ -s "$PIDFILE" ]; then
    pid=$(cat "$PIDFILE")
    # only kill it if it is really our miniupnpd
    if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "miniupnpd -f $WORKDIR/miniupnpd.conf"; then
      kill "$pid"; for _ in $(seq 1 30); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
    fi
    rm -f "$PIDFILE"
  fi
  for ns in "$NS_L" "$NS_W" "$NS_R"; do ip netns del "$ns" 2>/dev/null || true; done
  echo "down"
}

status() {
  ip netns list | grep -E "^($NS_R|$NS_L|$NS_W)( |$)" || echo "no igd6 namespaces"
  [ -s "$PIDFILE" ] && echo "miniupnpd pid $(cat "$PIDFILE")" || echo "miniupnpd not running"
  ip netns exec "$NS_R" nft list chain inet filter miniupnpd 2>/dev/null || true
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  lan) shift; in_l "$@" ;;
  wan) shift; in_w "$@" ;;
  router) shift; in_r "$@" ;;
  *) echo "usage: $0 up|down|status|lan <cmd...>|wan <cmd...>|router <cmd...>" >&2; exit 2 ;;
esac
