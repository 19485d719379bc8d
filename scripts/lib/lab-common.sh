# shellcheck shell=bash
#
# Reusable functions of the mptcp-gateway network lab: five network namespaces (host, gw, isp1, isp2, server)
# joined by veth pairs, shaped at the ISPs, with real Linux MPTCP on the host and the server.
#
# Sourced by scripts/lab.sh and by demo/benchmark scripts. Sourcing sets no shell options; every function works
# under `set -euo pipefail`. Select the lab instance with LAB_ID (default "main", [a-z0-9]{1,12}) before sourcing,
# or call lab_select <id> afterwards. State (pid files, logs, the recorded mode) lives in
# ${LAB_RUN_DIR:-/run/mptcp-gateway-lab}/<id>/. See docs/lab.md for the topology.

LAB_NODES="host gw isp1 isp2 server"
LAB_MODES="inline bridge router"
LAB_SERVICE_ADDR=203.0.113.100
LAB_IPERF_PORT=5201
LAB_SIGNAL_PORT=5202
# Client ports the plain-TCP references bind to, so gw policy rules can route them over one chosen uplink.
LAB_PLAIN_CPORT_ISP1=5311
LAB_PLAIN_CPORT_ISP2=5312
# Every iperf3 run gets this much time on top of its duration before `timeout` kills it.
LAB_IPERF_GRACE_S=20
# Bound on any single ip/tc/nft/sysctl call: none of them should ever take this long.
LAB_CMD_TIMEOUT_S=15
# Repository root (the host agent runs from its launcher, ./mptcp-gateway). Arguments of the host agent
# (lab.sh up --host-agent) come from LAB_HOST_AGENT_ARGS; its heap from LAB_HOST_AGENT_HEAP.
LAB_REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LAB_HOST_AGENT_START_S=30

lab_log()
{
    printf '[lab %s] %s\n' "${LAB_ID:-?}" "$*" >&2
}

lab_die()
{
    printf '[lab %s] error: %s\n' "${LAB_ID:-?}" "$*" >&2
    exit 1
}

# Selects the lab instance: validates the id and derives the state directory.
lab_select()
{
    local id=$1
    if [[ ! $id =~ ^[a-z0-9]{1,12}$ ]]; then
        lab_die "invalid LAB_ID '$id': must match [a-z0-9]{1,12}"
    fi
    LAB_ID=$id
    LAB_STATE_DIR=${LAB_RUN_DIR:-/run/mptcp-gateway-lab}/$LAB_ID
}

# Namespace name of a node: lab_ns server -> mgw-<id>-server.
lab_ns()
{
    case "$1" in
        host|gw|isp1|isp2|server) printf 'mgw-%s-%s\n' "$LAB_ID" "$1" ;;
        *) lab_die "unknown node '$1' (one of: $LAB_NODES)" ;;
    esac
}

# Runs a command inside a node's namespace, bounded by LAB_CMD_TIMEOUT_S.
lab_in()
{
    local node=$1
    shift
    timeout --kill-after=5 "$LAB_CMD_TIMEOUT_S" ip netns exec "$(lab_ns "$node")" "$@"
}

# Runs `ip` against a node's namespace: lab_ip host addr show.
lab_ip()
{
    local node=$1
    shift
    timeout --kill-after=5 "$LAB_CMD_TIMEOUT_S" ip -n "$(lab_ns "$node")" "$@"
}

lab_sysctl()
{
    local node=$1
    shift
    lab_in "$node" sysctl -q -w "$@" >/dev/null
}

lab_require_root()
{
    if [[ $(id -u) -ne 0 ]]; then
        lab_die "needs root (CAP_NET_ADMIN) to create network namespaces; run as root"
    fi
}

# Checks that every tool the lab uses is installed; names the Debian package of a missing one.
lab_require_tools()
{
    local entry tool pkg missing=""
    for entry in ip:iproute2 tc:iproute2 ss:iproute2 nft:nftables iperf3:iperf3 mptcpize:mptcpize jq:jq \
        timeout:coreutils sysctl:procps ping:iputils-ping; do
        tool=${entry%%:*}
        pkg=${entry#*:}
        if ! command -v "$tool" >/dev/null 2>&1; then
            missing="$missing $tool($pkg)"
        fi
    done
    if [[ -n $missing ]]; then
        lab_die "missing tools:$missing; install with apt-get install -y <package>"
    fi
}

lab_state_set()
{
    local key=$1 value=$2 file=$LAB_STATE_DIR/state
    mkdir -p "$LAB_STATE_DIR"
    touch "$file"
    grep -v "^$key=" "$file" >"$file.tmp" || true
    printf '%s=%s\n' "$key" "$value" >>"$file.tmp"
    mv "$file.tmp" "$file"
}

lab_state_get()
{
    local key=$1 default=${2:-} file=$LAB_STATE_DIR/state value
    value=$( (grep "^$key=" "$file" 2>/dev/null || true) | tail -n 1)
    if [[ -n $value ]]; then
        printf '%s\n' "${value#*=}"
    else
        printf '%s\n' "$default"
    fi
}

# True when a node's namespace exists.
lab_ns_exists()
{
    ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$(lab_ns "$1")"
}

# True when all five namespaces exist.
lab_is_up()
{
    local node
    for node in $LAB_NODES; do
        lab_ns_exists "$node" || return 1
    done
    return 0
}

lab_require_up()
{
    lab_is_up || lab_die "lab '$LAB_ID' is not up (run: LAB_ID=$LAB_ID scripts/lab.sh up)"
}

# Testing hook: fails `up` on purpose at a named step, so the cleanup trap can be tested.
lab_fail_point()
{
    if [[ ${LAB_TEST_FAIL_AT:-} == "$1" ]]; then
        lab_die "failing on purpose at step '$1' (LAB_TEST_FAIL_AT)"
    fi
}

# Creates a veth pair directly inside two namespaces, with fixed MACs, links up.
lab_veth()
{
    local node_a=$1 if_a=$2 mac_a=$3 node_b=$4 if_b=$5 mac_b=$6
    timeout "$LAB_CMD_TIMEOUT_S" ip link add name "$if_a" netns "$(lab_ns "$node_a")" address "$mac_a" \
        type veth peer name "$if_b" netns "$(lab_ns "$node_b")" address "$mac_b"
    lab_ip "$node_a" link set "$if_a" up
    lab_ip "$node_b" link set "$if_b" up
}

lab_create_namespaces()
{
    local node
    for node in $LAB_NODES; do
        timeout "$LAB_CMD_TIMEOUT_S" ip netns add "$(lab_ns "$node")"
        lab_ip "$node" link set lo up
        # No IPv6 anywhere: no router solicitations or DAD frames reach the userspace gateway, so what it sees
        # is deterministic. Set on "default" before the veths exist so every new interface inherits it.
        lab_sysctl "$node" net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
        lab_sysctl "$node" net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
    done
}

lab_create_links()
{
    lab_veth host h0 02:00:00:00:00:01 gw lan 02:00:00:00:00:02
    lab_veth gw wan1 02:00:00:00:01:01 isp1 i1g 02:00:00:00:01:02
    lab_veth gw wan2 02:00:00:00:02:01 isp2 i2g 02:00:00:00:02:02
    lab_veth isp1 i1s 02:00:00:00:03:01 server s1 02:00:00:00:03:02
    lab_veth isp2 i2s 02:00:00:00:04:01 server s2 02:00:00:00:04:02
}

# Addresses and routes that do not depend on the gw mode (isp1's i1g address does; see lab_isp1_lan_side).
lab_configure_static()
{
    local two_addresses=$1
    lab_ip host addr add 192.0.2.2/24 dev h0
    lab_ip host route add default via 192.0.2.1 dev h0
    if [[ $two_addresses == 1 ]]; then
        lab_ip host addr add 192.0.2.3/24 dev h0
    fi

    lab_ip isp1 addr add 203.0.113.1/26 dev i1s
    lab_ip isp1 route add 203.0.113.100/32 via 203.0.113.2 dev i1s
    lab_sysctl isp1 net.ipv4.ip_forward=1

    lab_ip isp2 addr add 198.51.100.1/26 dev i2g
    lab_ip isp2 addr add 203.0.113.65/26 dev i2s
    lab_ip isp2 route add 203.0.113.100/32 via 203.0.113.66 dev i2s
    lab_sysctl isp2 net.ipv4.ip_forward=1

    lab_ip server addr add 203.0.113.2/26 dev s1
    lab_ip server addr add 203.0.113.66/26 dev s2
    lab_ip server addr add 203.0.113.100/32 dev lo
    lab_ip server route add 192.0.2.0/24 via 203.0.113.1 dev s1
    lab_ip server route add 198.51.100.64/26 via 203.0.113.1 dev s1
    lab_ip server route add 198.51.100.0/26 via 203.0.113.65 dev s2
}

# Token bucket shaping at both ISPs, both directions; the gateway (kernel or userspace) stays unshaped.
lab_shape()
{
    local rate=$1 pair node dev
    for pair in isp1:i1g isp1:i1s isp2:i2g isp2:i2s; do
        node=${pair%%:*}
        dev=${pair#*:}
        lab_in "$node" tc qdisc replace dev "$dev" root tbf rate "$rate" burst 32kb latency 50ms
    done
}

lab_mptcp_setup()
{
    local two_addresses=$1 signal_port=$2 node
    for node in host server; do
        lab_ip "$node" mptcp limits set subflows 8 add_addr_accepted 8
    done
    if [[ $two_addresses == 1 ]]; then
        # Draft section 2.1: one host address per path; the in-kernel PM opens a subflow from the second one.
        lab_ip host mptcp endpoint add 192.0.2.3 dev h0 subflow
    fi
    if [[ $signal_port == 1 ]]; then
        # A single-address host's in-kernel PM joins an announced address:port from its only address.
        lab_ip server mptcp endpoint add "$LAB_SERVICE_ADDR" port "$LAB_SIGNAL_PORT" signal
    fi
}

lab_start_server()
{
    local pidfile=$LAB_STATE_DIR/iperf3-server.pid
    rm -f "$pidfile"
    lab_in server mptcpize run iperf3 -s -D -p "$LAB_IPERF_PORT" --pidfile "$pidfile" \
        --logfile "$LAB_STATE_DIR/iperf3-server.log"
    local i
    for i in $(seq 1 50); do
        if lab_in server ss -Hltn "sport = :$LAB_IPERF_PORT" | grep -q LISTEN; then
            return 0
        fi
        sleep 0.1
    done
    lab_die "iperf3 server did not start listening on :$LAB_IPERF_PORT within 5 s"
}

# Starts the host agent (docs/host-agent.md) in the host namespace from the built distribution, with the userspace
# path manager selected there; waits until it runs. Tracked by host-agent.pid, so lab_down stops it.
lab_start_host_agent()
{
    local launcher=$LAB_REPO_ROOT/mptcp-gateway log=$LAB_STATE_DIR/host-agent.log pid i
    if ! ls "$LAB_REPO_ROOT"/gateway-nat/target/dist/lib/gateway-nat-*.jar >/dev/null 2>&1; then
        lab_die "host agent not built: run 'mvn -q -o -DskipTests package' in $LAB_REPO_ROOT first"
    fi
    lab_sysctl host net.mptcp.path_manager=userspace
    # shellcheck disable=SC2086
    ip netns exec "$(lab_ns host)" env MPTCP_GATEWAY_TOOL_HEAP="${LAB_HOST_AGENT_HEAP:-64m}" \
        "$launcher" host-agent ${LAB_HOST_AGENT_ARGS:---subflows 1} </dev/null >"$log" 2>&1 &
    pid=$!
    printf '%s\n' "$pid" >"$LAB_STATE_DIR/host-agent.pid"
    lab_state_set host_agent 1
    for i in $(seq 1 $((LAB_HOST_AGENT_START_S * 10))); do
        if grep -q '^host-agent: running' "$log" 2>/dev/null; then
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            lab_die "host agent exited: $(tail -n 3 "$log" 2>/dev/null | tr '\n' ' ')"
        fi
        sleep 0.1
    done
    lab_die "host agent did not start within ${LAB_HOST_AGENT_START_S} s: $(tail -n 3 "$log" | tr '\n' ' ')"
}

# Kills every process running in one node's namespace (those of the lab, started by lab.sh or by tests).
lab_kill_ns_pids()
{
    local ns=$1 pids i
    pids=$(timeout 5 ip netns pids "$ns" 2>/dev/null | tr '\n' ' ' || true)
    [[ -z ${pids// /} ]] && return 0
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null || true
    for i in $(seq 1 30); do
        pids=$(timeout 5 ip netns pids "$ns" 2>/dev/null | tr '\n' ' ' || true)
        [[ -z ${pids// /} ]] && return 0
        sleep 0.1
    done
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
}

# Removes every namespace and process of this lab id; safe on a partial or absent lab.
lab_down()
{
    local node ns pidfile pid
    for pidfile in "$LAB_STATE_DIR"/*.pid; do
        [[ -f $pidfile ]] || continue
        pid=$(cat "$pidfile" 2>/dev/null || true)
        if [[ $pid =~ ^[0-9]+$ ]]; then
            kill -TERM "$pid" 2>/dev/null || true
        fi
    done
    for node in $LAB_NODES; do
        ns=$(lab_ns "$node")
        if ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$ns"; then
            lab_kill_ns_pids "$ns"
            timeout "$LAB_CMD_TIMEOUT_S" ip netns del "$ns" 2>/dev/null || true
        fi
    done
    rm -rf "$LAB_STATE_DIR"
    local left=""
    for node in $LAB_NODES; do
        if lab_ns_exists "$node"; then
            left="$left $(lab_ns "$node")"
        fi
    done
    if [[ -n $left ]]; then
        lab_log "warning: namespaces still present:$left"
        return 1
    fi
    return 0
}

# isp1's gw-facing address: 192.0.2.1/24 (the host's router) in inline and bridge modes, 198.51.100.65/26 in
# router mode, where the kernel gw routes and masquerades to it.
lab_isp1_lan_side()
{
    local mode=$1
    lab_ip isp1 addr flush dev i1g
    if [[ $mode == router ]]; then
        lab_ip isp1 addr add 198.51.100.65/26 dev i1g
    else
        lab_ip isp1 addr add 192.0.2.1/24 dev i1g
    fi
}

# Returns gw to a blank state: no bridge, addresses, routes, policy rules, nft tables, conntrack entries,
# forwarding; the three ports up with IPv6 disabled.
lab_gw_reset()
{
    local dev pref
    lab_in gw nft flush ruleset
    if lab_ip gw link show br0 >/dev/null 2>&1; then
        lab_ip gw link del br0
    fi
    for pref in $(lab_ip gw -j rule show | jq -r '.[] | .priority | select(. != 0 and . != 32766 and . != 32767)'); do
        lab_ip gw rule del pref "$pref"
    done
    lab_ip gw route flush table 101 2>/dev/null || true
    lab_ip gw route flush table 102 2>/dev/null || true
    for dev in lan wan1 wan2; do
        lab_ip gw addr flush dev "$dev"
        lab_ip gw link set "$dev" nomaster 2>/dev/null || true
        lab_sysctl gw "net.ipv6.conf.$dev.disable_ipv6=1"
        lab_ip gw link set "$dev" up
    done
    lab_ip gw route flush table main 2>/dev/null || true
    lab_ip gw neigh flush all 2>/dev/null || true
    lab_sysctl gw net.ipv4.ip_forward=0
    # Conntrack entries of router mode would otherwise outlive it (there is no conntrack tool installed).
    if /usr/bin/python3 -c 'import pyroute2' 2>/dev/null; then
        lab_in gw /usr/bin/python3 -c 'from pyroute2 import Conntrack; Conntrack().flush()' 2>/dev/null || true
    fi
}

lab_mode_inline()
{
    # Nothing to add: the userspace gateway owns lan/wan1/wan2 through AF_PACKET; the kernel has no address.
    return 0
}

lab_mode_bridge()
{
    lab_ip gw link add br0 type bridge stp_state 0 forward_delay 0
    lab_sysctl gw net.ipv6.conf.br0.disable_ipv6=1
    lab_ip gw link set lan master br0
    lab_ip gw link set wan1 master br0
    lab_ip gw link set br0 up
}

lab_mode_router()
{
    lab_ip gw addr add 192.0.2.1/24 dev lan
    lab_ip gw addr add 198.51.100.66/26 dev wan1
    lab_ip gw addr add 198.51.100.2/26 dev wan2
    lab_ip gw route add default via 198.51.100.65 dev wan1
    lab_ip gw route add default via 198.51.100.65 dev wan1 table 101
    lab_ip gw route add default via 198.51.100.1 dev wan2 table 102
    lab_ip gw rule add fwmark 2 lookup 102 pref 90
    # Plain-TCP references (lab_tcp_plain_via): a fixed client port picks the uplink.
    lab_ip gw rule add iif lan ipproto tcp sport "$LAB_PLAIN_CPORT_ISP1" lookup 101 pref 101
    lab_ip gw rule add iif lan ipproto tcp sport "$LAB_PLAIN_CPORT_ISP2" lookup 102 pref 102
    lab_sysctl gw net.ipv4.ip_forward=1
    lab_in gw nft -f - <<'EOF'
table ip mgw_nat {
    chain post {
        type nat hook postrouting priority srcnat; policy accept;
        oifname "wan1" masquerade
        oifname "wan2" masquerade
    }
}
table ip mgw_steer {
    chain pre {
        type filter hook prerouting priority mangle; policy accept;
        # A new MP_JOIN subflow from the LAN (SYN without ACK, MPTCP subtype 1) is remembered as "uplink 2"
        # in conntrack; nft 1.0.6 accepts only the numeric subtype.
        iifname "lan" tcp flags & (syn | ack) == syn tcp option mptcp subtype 1 ct mark set 0x2 counter
        # Every original-direction packet of a marked flow carries the mark, which `ip rule fwmark 2` routes.
        iifname "lan" ct mark != 0x0 meta mark set ct mark counter
    }
}
EOF
}

# Switches the gw mode, leaving nothing of the previous mode behind.
lab_set_mode()
{
    local mode=$1 node
    case "$mode" in
        inline|bridge|router) ;;
        *) lab_die "unknown mode '$mode' (one of: $LAB_MODES)" ;;
    esac
    lab_gw_reset
    lab_isp1_lan_side "$mode"
    "lab_mode_$mode"
    # 192.0.2.1 is isp1 in inline/bridge modes and gw in router mode: forget the old MACs everywhere.
    for node in $LAB_NODES; do
        lab_ip "$node" neigh flush all 2>/dev/null || true
    done
    lab_state_set mode "$mode"
}

lab_mode()
{
    lab_state_get mode unknown
}

# Creates the whole lab; the caller (lab.sh up) owns the cleanup trap.
lab_up()
{
    local mode=$1 rate=$2 two_addresses=$3 signal_port=$4
    mkdir -p "$LAB_STATE_DIR"
    lab_state_set rate "$rate"
    lab_state_set two_addresses "$two_addresses"
    lab_state_set signal_port "$signal_port"
    lab_create_namespaces
    lab_fail_point namespaces
    lab_create_links
    lab_configure_static "$two_addresses"
    lab_shape "$rate"
    lab_mptcp_setup "$two_addresses" "$signal_port"
    lab_start_server
    lab_fail_point server
    lab_set_mode "$mode"
}

# Per-ISP-link counters on the gw-facing side of each ISP (isp1 i1g, isp2 i2g). Output, one line per link:
#   link=isp1 dev=i1g rx_bytes=N tx_bytes=N rx_packets=N tx_packets=N
# or, with "json", one JSON object {"isp1":{"dev":"i1g","rx_bytes":N,...},"isp2":{...}}. rx/tx are seen from the
# ISP: rx = what the gateway sent up that uplink, tx = what came down to the gateway.
lab_counters()
{
    local format=${1:-kv} json pair node dev
    json=$(
        for pair in isp1:i1g isp2:i2g; do
            node=${pair%%:*}
            dev=${pair#*:}
            lab_ip "$node" -s -j link show dev "$dev" | jq -c --arg link "$node" --arg dev "$dev" \
                '.[0].stats64 | {($link): {dev: $dev, rx_bytes: .rx.bytes, tx_bytes: .tx.bytes,
                  rx_packets: .rx.packets, tx_packets: .tx.packets}}'
        done | jq -cs 'add'
    )
    if [[ $format == json ]]; then
        printf '%s\n' "$json"
    else
        printf '%s\n' "$json" | jq -r 'to_entries[] | "link=\(.key) dev=\(.value.dev) rx_bytes=\(.value.rx_bytes)" +
            " tx_bytes=\(.value.tx_bytes) rx_packets=\(.value.rx_packets) tx_packets=\(.value.tx_packets)"'
    fi
}

# Bytes (rx + tx) an ISP link carried between two `lab_counters json` snapshots.
lab_counters_delta_bytes()
{
    local before=$1 after=$2 link=$3
    jq -rn --argjson b "$before" --argjson a "$after" --arg l "$link" \
        '($a[$l].rx_bytes + $a[$l].tx_bytes) - ($b[$l].rx_bytes + $b[$l].tx_bytes)'
}

# Largest number of subflows (initial one included) of any MPTCP connection from the host to the service
# address seen by sampling `ss -tiM` every 0.5 s while the pid given runs.
lab_sample_subflows()
{
    local watched=$1 out=$2 max=0 n
    while kill -0 "$watched" 2>/dev/null; do
        # An MPTCP socket's info line carries "subflows:N" (the extra subflows); absent means only the initial.
        n=$(lab_in host ss -HtniM "dst $LAB_SERVICE_ADDR" 2>/dev/null \
            | awk 'BEGIN { m = -1 }
                   /^ESTAB/ { m = (m < 0 ? 0 : m) }
                   { if (match($0, /subflows:[0-9]+/)) { v = substr($0, RSTART + 9, RLENGTH - 9) + 0;
                     if (v > m) { m = v } } }
                   END { print m + 1 }' || echo 0)
        if ((n > max)); then
            max=$n
        fi
        sleep 0.5
    done
    printf '%s\n' "$max" >"$out"
}

# Runs one iperf3 client in the host namespace. Args: <seconds> <reverse 0|1> <mptcp 0|1> [extra iperf3 args...]
# Prints "goodput_mbps=<receiver side> subflows=<n> retransmits=<n>".
lab_iperf_run()
{
    local seconds=$1 reverse=$2 mptcp=$3
    shift 3
    local args=(-c "$LAB_SERVICE_ADDR" -p "$LAB_IPERF_PORT" -t "$seconds" -J --connect-timeout 5000 "$@")
    local prefix=()
    [[ $reverse == 1 ]] && args+=(-R)
    [[ $mptcp == 1 ]] && prefix=(mptcpize run)
    local json=$LAB_STATE_DIR/iperf3-client.json sub=$LAB_STATE_DIR/subflows.txt pid rc=0 sampler
    mkdir -p "$LAB_STATE_DIR"
    rm -f "$json" "$sub"
    timeout --kill-after=5 $((seconds + LAB_IPERF_GRACE_S)) ip netns exec "$(lab_ns host)" \
        "${prefix[@]}" iperf3 "${args[@]}" >"$json" 2>"$LAB_STATE_DIR/iperf3-client.err" &
    pid=$!
    if [[ $mptcp == 1 ]]; then
        lab_sample_subflows "$pid" "$sub" &
        sampler=$!
    fi
    wait "$pid" || rc=$?
    if [[ $mptcp == 1 ]]; then
        wait "$sampler" || true
    else
        echo 1 >"$sub"
    fi
    if [[ $rc -ne 0 ]] || ! jq -e '.end.sum_received.bits_per_second' "$json" >/dev/null 2>&1; then
        lab_log "iperf3 failed (exit $rc): $(jq -r '.error // empty' "$json" 2>/dev/null) $(head -c 300 \
            "$LAB_STATE_DIR/iperf3-client.err" 2>/dev/null)"
        return 1
    fi
    jq -r --arg sub "$(cat "$sub")" \
        '"goodput_mbps=\(.end.sum_received.bits_per_second / 1e6 * 100 | round / 100) subflows=\($sub)" +
         " retransmits=\(.end.sum_sent.retransmits // 0)"' "$json"
}

# One MPTCP iperf3 connection host -> server: lab_iperf_mptcp <seconds> [reverse]
lab_iperf_mptcp()
{
    local seconds=${1:-10} reverse=0
    [[ ${2:-} == reverse || ${2:-} == 1 ]] && reverse=1
    lab_iperf_run "$seconds" "$reverse" 1
}

# One plain TCP connection host -> server over one uplink: lab_tcp_plain_via <isp1|isp2> [seconds] [reverse]
# isp1 works in every mode (inline relies on the userspace gateway bridging unsteered flows to wan1);
# isp2 needs router mode, where a gw policy rule on the fixed client port routes the flow out of wan2.
lab_tcp_plain_via()
{
    local isp=$1 seconds=${2:-10} reverse=0 mode cport
    [[ ${3:-} == reverse || ${3:-} == 1 ]] && reverse=1
    mode=$(lab_mode)
    case "$isp" in
        isp1) cport=$LAB_PLAIN_CPORT_ISP1 ;;
        isp2)
            cport=$LAB_PLAIN_CPORT_ISP2
            [[ $mode == router ]] || lab_die "plain TCP via isp2 needs router mode (now: $mode)"
            ;;
        *) lab_die "unknown isp '$isp' (isp1 or isp2)" ;;
    esac
    lab_iperf_run "$seconds" "$reverse" 0 --cport "$cport"
}

# Prints a human-readable summary of the lab.
lab_status()
{
    local node ns pidfile
    printf 'lab %s: mode=%s rate=%s two_addresses=%s signal_port=%s host_agent=%s state=%s\n' "$LAB_ID" \
        "$(lab_mode)" "$(lab_state_get rate ?)" "$(lab_state_get two_addresses ?)" "$(lab_state_get signal_port ?)" \
        "$(lab_state_get host_agent 0)" "$LAB_STATE_DIR"
    for node in $LAB_NODES; do
        ns=$(lab_ns "$node")
        if ! lab_ns_exists "$node"; then
            printf '\n== %s (%s): absent\n' "$node" "$ns"
            continue
        fi
        printf '\n== %s (%s)\n' "$node" "$ns"
        lab_ip "$node" -br addr show | sed 's/^/  /'
        lab_ip "$node" route show | sed 's/^/  route: /'
        printf '  ip_forward=%s\n' "$(lab_in "$node" sysctl -n net.ipv4.ip_forward)"
        case "$node" in
            gw)
                lab_ip gw rule show | sed 's/^/  rule: /'
                lab_in gw nft list ruleset | sed 's/^/  nft: /'
                ;;
            isp1|isp2)
                local dev devs=i1g:i1s
                [[ $node == isp2 ]] && devs=i2g:i2s
                for dev in ${devs/:/ }; do
                    lab_in "$node" tc -s qdisc show dev "$dev" | sed "s/^/  $dev: /"
                done
                ;;
            host|server)
                printf '  mptcp limits: %s\n' "$(lab_ip "$node" mptcp limits show | tr '\n' ' ')"
                lab_ip "$node" mptcp endpoint show | sed 's/^/  mptcp endpoint: /'
                ;;
        esac
    done
    printf '\n== processes\n'
    for pidfile in "$LAB_STATE_DIR"/*.pid; do
        [[ -f $pidfile ]] || continue
        local pid
        pid=$(cat "$pidfile")
        if kill -0 "$pid" 2>/dev/null; then
            printf '  %s: pid %s running\n' "$(basename "$pidfile" .pid)" "$pid"
        else
            printf '  %s: pid %s not running\n' "$(basename "$pidfile" .pid)" "$pid"
        fi
    done
}

lab_select "${LAB_ID:-main}"
