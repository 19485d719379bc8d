#!/usr/bin/env bash
#
# Soak run (issue 4 acceptance): the gateway inline in the lab for a while, carrying ping, one plain TCP stream and
# one MPTCP stream (two subflows, one per uplink) at light load, with default offloads on every end host; then a
# link taken down and up again, which the gateway must see as a carrier change. Prints a summary and a verdict and
# writes them to results/soak-<UTC timestamp>/ (with the gateway's log and its last scrape).
#
#   sudo scripts/soak.sh [--minutes 10] [--results DIR]
#
# Pass: no frame dropped for a full receive ring, no ring freeze, no ping lost, both streams ran to the end at
# their rate, and wan1's carrier went 1 -> 0 -> 1 in the gateway's metrics while isp1's end of the link was down and
# up; the MPTCP stream had subflows on both uplinks. Everything the gateway dropped is listed by stage and reason
# (a drop with a reason is not a failure: the lab's own IPv6 router solicitations, say, have nowhere to go).
# Needs root. Every step is bounded; a trap stops every process started here and removes the lab's namespaces,
# also on failure or Ctrl-C.
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$ROOT"

minutes=10
res=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --minutes) minutes=${2:?--minutes needs a value}; shift 2 ;;
        --results) res=${2:?--results needs a directory}; shift 2 ;;
        -h|--help) sed -n '3,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "soak: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[[ $minutes =~ ^[0-9]+$ && $minutes -ge 1 && $minutes -le 1440 ]] ||
    { echo "soak: --minutes must be a whole number of minutes from 1 to 1440" >&2; exit 2; }
if [[ $(id -u) -ne 0 ]]; then
    echo "soak: needs root (it creates network namespaces): run 'sudo scripts/soak.sh'" >&2
    exit 3
fi
seconds=$((minutes * 60))
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# Light load: an MPTCP stream of 8 Mbit/s (two subflows, one per 20 Mbit/s uplink) and a plain TCP stream of
# 4 Mbit/s on the primary; five pings a second.
MPTCP_RATE=8M
PLAIN_RATE=4M
PLAIN_PORT=5301
PING_INTERVAL=0.2

if ! ls gateway-nat/target/dist/lib/gateway-nat-*.jar >/dev/null 2>&1; then
    mvn -B -q -ntp -DskipTests package
fi
res=${res:-results/soak-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$res"
res=$(cd "$res" && pwd)

export LAB_ID=soak$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
# shellcheck source=lib/lab-common.sh
source scripts/lib/lab-common.sh
lab_select "$LAB_ID"
work=$(mktemp -d /tmp/mptcp-gateway-soak.XXXXXX)
pids=()
gateway_pid=
cleanup()
{
    local rc=$? p
    for p in "${pids[@]:-}"; do
        [[ -n $p ]] && kill -TERM "$p" 2>/dev/null || true
    done
    if [[ -n $gateway_pid ]] && kill -0 "$gateway_pid" 2>/dev/null; then
        kill -TERM "$gateway_pid" 2>/dev/null || true
        timeout 20 tail --pid="$gateway_pid" -f /dev/null 2>/dev/null || kill -9 "$gateway_pid" 2>/dev/null || true
    fi
    [[ -f $work/plain-server.pid ]] && kill -TERM "$(cat "$work/plain-server.pid")" 2>/dev/null || true
    scripts/lab.sh down >/dev/null 2>&1 || true
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '[soak %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
metrics() { ip netns exec "$(lab_ns gw)" curl -s --max-time 5 http://127.0.0.1:9464/metrics; }
# Sum of a metric's samples whose labels match a regular expression: metric_sum NAME [LABEL-REGEX].
metric_sum()
{
    awk -v m="$1" -v l="${2:-}" '$1 ~ "^" m "({|$)" && $1 ~ l {s += $2} END {printf "%.0f", s}' <<<"$SCRAPE"
}

say "lab $LAB_ID up: host (one address) -- gateway inline -- isp1 / isp2 (20 Mbit/s each) -- server"
timeout 180 scripts/lab.sh up --mode inline --rate 20mbit --host-agent >"$res/lab.log" 2>&1 ||
    { tail -n 20 "$res/lab.log" >&2; echo "soak: the lab did not come up" >&2; exit 1; }
sed -e "s#^run.dir=.*#run.dir=$work/run#" -e "s#^journal.dir=.*#journal.dir=$work/journal#" \
    config/lab.properties >"$res/gateway.properties"
ip netns exec "$(lab_ns gw)" ./mptcp-gateway run -c "$res/gateway.properties" >"$res/gateway.log" 2>&1 &
gateway_pid=$!
code=""
for _ in $(seq 1 150); do
    code=$(ip netns exec "$(lab_ns gw)" curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:9464/ready || true)
    [[ $code == 200 ]] && break
    kill -0 "$gateway_pid" 2>/dev/null || break
    sleep 0.2
done
[[ $code == 200 ]] || { tail -n 20 "$res/gateway.log" >&2; echo "soak: the gateway did not become ready" >&2; exit 1; }
say "gateway ready; the end hosts keep their default offloads"
lab_in host ethtool -k h0 2>/dev/null | grep -E '^(tcp-segmentation-offload|generic-receive-offload|tx-checksumming):' |
    sed 's/^/    host h0 /' | tee "$res/offloads.txt" || true

# A second iperf3 server for the plain stream (the lab's own serves the MPTCP one).
lab_in server iperf3 -s -D -p "$PLAIN_PORT" --pidfile "$work/plain-server.pid"
for _ in $(seq 1 50); do
    lab_in server ss -Hltn "sport = :$PLAIN_PORT" | grep -q LISTEN && break
    sleep 0.1
done

SCRAPE=$(metrics)
ring_before=$(metric_sum gateway_port_ring_dropped_packets_total)
freeze_before=$(metric_sum gateway_port_ring_freezes_total)

say "traffic for $minutes min: ping every ${PING_INTERVAL}s, plain TCP $PLAIN_RATE on isp1, MPTCP $MPTCP_RATE"
count=$(awk -v s="$seconds" -v i="$PING_INTERVAL" 'BEGIN {printf "%d", s / i}')
timeout $((seconds + 60)) ip netns exec "$(lab_ns host)" ping -q -c "$count" -i "$PING_INTERVAL" -W 2 \
    "$LAB_SERVICE_ADDR" >"$res/ping.txt" 2>&1 &
ping_pid=$!
pids+=("$ping_pid")
timeout --kill-after=5 $((seconds + 60)) ip netns exec "$(lab_ns host)" iperf3 -c "$LAB_SERVICE_ADDR" \
    -p "$PLAIN_PORT" --cport "$LAB_PLAIN_CPORT_ISP1" -t "$seconds" -b "$PLAIN_RATE" -J --connect-timeout 5000 \
    >"$res/plain.json" 2>"$res/plain.err" &
plain_pid=$!
pids+=("$plain_pid")
timeout --kill-after=5 $((seconds + 60)) ip netns exec "$(lab_ns host)" mptcpize run iperf3 -c "$LAB_SERVICE_ADDR" \
    -p "$LAB_IPERF_PORT" -t "$seconds" -b "$MPTCP_RATE" -J --connect-timeout 5000 \
    >"$res/mptcp.json" 2>"$res/mptcp.err" &
mptcp_pid=$!
pids+=("$mptcp_pid")

# TCP connections to the MPTCP server port per source address, seen by the server half-way through: the NAT
# address of isp2 (198.51.100.2) or the host's own (192.0.2.2, through isp1). iperf3's control connection is MPTCP
# too, so the host agent gives it a second subflow as well: two of each are expected.
sleep $((seconds / 2))
subflows=$(lab_in server ss -Htn state established "sport = :$LAB_IPERF_PORT" 2>/dev/null |
    awk '{sub(/:[0-9]+$/, "", $4); gsub(/^\[(::ffff:)?|\]$/, "", $4); print $4}' | sort | uniq -c |
    awk '{printf "%s%s from %s", sep, $1, $2; sep = ", "}')
say "half-way: MPTCP subflows at the server by source: ${subflows:-none}"
ping_rc=0; plain_rc=0; mptcp_rc=0
wait "$ping_pid" || ping_rc=$?
wait "$plain_pid" || plain_rc=$?
wait "$mptcp_pid" || mptcp_rc=$?
pids=()

SCRAPE=$(metrics)
printf '%s\n' "$SCRAPE" >"$res/metrics-after-traffic.txt"
ring_drops=$(($(metric_sum gateway_port_ring_dropped_packets_total) - ring_before))
freezes=$(($(metric_sum gateway_port_ring_freezes_total) - freeze_before))
ping_line=$(grep -E 'packets transmitted' "$res/ping.txt" || echo "no ping summary")
ping_lost=$(awk '/packets transmitted/ {print $1 - $4}' "$res/ping.txt")
ping_rtt=$(grep -E '^rtt' "$res/ping.txt" | sed 's/^rtt //' || true)
stream()    # iperf3 JSON -> "Mbit/s retransmits"
{
    jq -r '[(.end.sum_received.bits_per_second // 0) / 1e6, (.end.sum_sent.retransmits // 0)] |
        "\(.[0] * 100 | round / 100) \(.[1])"' "$1" 2>/dev/null || echo "0 0"
}
read -r plain_mbps plain_retr <<<"$(stream "$res/plain.json")"
read -r mptcp_mbps mptcp_retr <<<"$(stream "$res/mptcp.json")"
drops=$(awk '/^gateway_dropped_packets_total/ && $2 > 0 {print "    " $1 " " $2}' <<<"$SCRAPE")
# Where TCP's retransmissions come from: the ISPs' token buckets (20 Mbit/s, 32 kB burst) drop what exceeds them.
shaper_drops=$(for pair in isp1:i1g isp1:i1s isp2:i2g isp2:i2s; do
        lab_in "${pair%%:*}" tc -s qdisc show dev "${pair#*:}" |
            awk -v d="${pair#*:}" '/dropped/ {sub(/,$/, "", $7); printf "%s %s; ", d, $7; exit}'
    done)

say "link down and up: isp1's end of wan1, 3 s each, watching gateway_port_carrier_state{port=\"wan1\"}"
carrier() { metrics | awk '/^gateway_port_carrier_state/ && /port="wan1"/ {printf "%d", $2}'; }
wait_carrier()  # expected value, seconds
{
    local i
    for i in $(seq 1 $(($2 * 10))); do
        [[ $(carrier) == "$1" ]] && { echo "$((i * 100))"; return 0; }
        sleep 0.1
    done
    echo "-1"
}
carrier_before=$(carrier)
lab_ip isp1 link set i1g down
down_ms=$(wait_carrier 0 5)
sleep 3
lab_ip isp1 link set i1g up
up_ms=$(wait_carrier 1 10)
sleep 3
after_ping=$(lab_in host ping -c 5 -i 0.2 -W 2 -q "$LAB_SERVICE_ADDR" | awk '/packets transmitted/ {print $4}')
metrics >"$res/metrics-end.txt" || true

verdict=PASS
why=()
[[ $ring_drops -eq 0 ]] || { verdict=FAIL; why+=("$ring_drops frames dropped for a full ring"); }
[[ $freezes -eq 0 ]] || { verdict=FAIL; why+=("$freezes ring freezes"); }
[[ $ping_rc -eq 0 && ${ping_lost:-1} -eq 0 ]] || { verdict=FAIL; why+=("ping lost ${ping_lost:-?} (rc $ping_rc)"); }
awk -v m="$plain_mbps" -v r="${PLAIN_RATE%M}" 'BEGIN {exit !(m >= 0.95 * r)}' && [[ $plain_rc -eq 0 ]] ||
    { verdict=FAIL; why+=("plain TCP stream: $plain_mbps Mbit/s, rc $plain_rc"); }
awk -v m="$mptcp_mbps" -v r="${MPTCP_RATE%M}" 'BEGIN {exit !(m >= 0.95 * r)}' && [[ $mptcp_rc -eq 0 ]] ||
    { verdict=FAIL; why+=("MPTCP stream: $mptcp_mbps Mbit/s, rc $mptcp_rc"); }
[[ $carrier_before == 1 && $down_ms -ge 0 && $up_ms -ge 0 ]] ||
    { verdict=FAIL; why+=("carrier change not seen (before $carrier_before, down ${down_ms} ms, up ${up_ms} ms)"); }
[[ $subflows == *"from 192.0.2.2"* && $subflows == *"from 198.51.100.2"* ]] ||
    { verdict=FAIL; why+=("the MPTCP stream did not use both uplinks (${subflows:-no connection})"); }
[[ ${after_ping:-0} -ge 4 ]] || { verdict=FAIL; why+=("after the link returned, ${after_ping:-0} of 5 pings"); }

{
    echo "# Soak: $minutes min, gateway inline, git $(git rev-parse --short HEAD 2>/dev/null || echo '?')," \
        "$(date -u +%Y-%m-%dT%H:%MZ), kernel $(uname -r)"
    echo
    echo "command: sudo scripts/soak.sh --minutes $minutes"
    echo "ping:         $ping_line${ping_rtt:+; rtt $ping_rtt}"
    echo "plain TCP:    $plain_mbps Mbit/s received of $PLAIN_RATE offered, $plain_retr retransmissions (isp1)"
    echo "MPTCP:        $mptcp_mbps Mbit/s received of $MPTCP_RATE offered, $mptcp_retr retransmissions;" \
        "subflows half-way: ${subflows:-none}"
    echo "ring drops:   $ring_drops    ring freezes: $freezes"
    echo "ISP shapers:  packets dropped by the token buckets (toward gw / toward server): ${shaper_drops%; }"
    echo "gateway drops by stage and reason (whole run):"
    echo "${drops:-    none}"
    echo "carrier wan1: $carrier_before, 0 after ${down_ms} ms with isp1's end down, 1 after ${up_ms} ms with" \
        "it up; then $after_ping of 5 pings answered"
    echo "load average: $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
    echo "verdict:      $verdict${why[*]:+ (${why[*]})}"
} | tee "$res/summary.txt"
[[ $verdict == PASS ]]
