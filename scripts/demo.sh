#!/usr/bin/env bash
# The gateway's main job on the built-in lab, start to finish (run as root on Debian 12):
#   installs what is missing, builds, brings up the lab (a single-homed MPTCP host, the gateway inline, two ISPs
#   shaped to 20 Mbit/s each, an MPTCP server), runs the gateway in its namespace, moves data with real Linux MPTCP
#   and prints what happened as a table, then tears everything down (also on failure or Ctrl-C).
#
#   sudo scripts/demo.sh [--seconds 10] [--compare]
#
# --compare also measures the do-it-yourself kernel gateway (nftables steering + masquerade) in the same run.
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$ROOT"

seconds=10
compare=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --seconds) seconds=${2:?--seconds needs a value}; shift 2 ;;
        --compare) compare=1; shift ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "demo: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done
if [[ $(id -u) -ne 0 ]]; then
    echo "demo: needs root (it creates network namespaces): run 'sudo scripts/demo.sh'" >&2
    exit 3
fi

say() { printf '\n== %s\n' "$*"; }

say "Installing what is missing and building"
scripts/install-deps.sh
if ! ls gateway-nat/target/dist/lib/gateway-nat-*.jar >/dev/null 2>&1; then
    mvn -B -q -ntp -DskipTests package
fi

export LAB_ID=demo$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
# shellcheck source=lib/lab-common.sh
source scripts/lib/lab-common.sh
lab_select "$LAB_ID"
work=$(mktemp -d /tmp/mptcp-gateway-demo.XXXXXX)
gateway_pid=
cleanup()
{
    local rc=$?
    if [[ -n $gateway_pid ]] && kill -0 "$gateway_pid" 2>/dev/null; then
        kill -TERM "$gateway_pid" 2>/dev/null || true
        timeout 20 tail --pid="$gateway_pid" -f /dev/null 2>/dev/null || kill -9 "$gateway_pid" 2>/dev/null || true
    fi
    scripts/lab.sh down >/dev/null 2>&1 || true
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "Lab $LAB_ID: host (one address 192.0.2.2) -- gateway -- isp1 / isp2 (20 Mbit/s each) -- MPTCP server"
# The host is stock Linux with one address; the host agent (userspace path manager) asks its kernel for one extra
# subflow per MPTCP connection, from the same address. The server announces nothing.
scripts/lab.sh up --mode inline --rate 20mbit --host-agent >/dev/null
sed 's/^/   /' "$LAB_STATE_DIR/host-agent.log" | head -3

sed -e "s#^run.dir=.*#run.dir=$work/run#" -e "s#^journal.dir=.*#journal.dir=$work/journal#" \
    config/lab.properties >"$work/gateway.properties"
say "Starting mptcp-gateway in the gateway namespace ($(lab_ns gw))"
ip netns exec "$(lab_ns gw)" ./mptcp-gateway run -c "$work/gateway.properties" >"$work/gateway.log" 2>&1 &
gateway_pid=$!
for _ in $(seq 1 100); do
    code=$(ip netns exec "$(lab_ns gw)" curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:9464/ready || true)
    [[ $code == 200 ]] && break
    kill -0 "$gateway_pid" 2>/dev/null || { cat "$work/gateway.log" >&2; echo "demo: the gateway did not start" >&2; exit 1; }
    sleep 0.2
done
[[ $code == 200 ]] || { echo "demo: the gateway is not ready after 20 s" >&2; exit 1; }
grep -m1 "mptcp-gateway 0" "$work/gateway.log" | sed 's/^[0-9]* \[[^]]*\] INFO [^ ]* - /   /'

results=()
measure()   # label, command producing "goodput_mbps=X subflows=N"
{
    local label=$1 before after line
    shift
    before=$(lab_counters json)
    line=$("$@")
    after=$(lab_counters json)
    results+=("$label|$(sed -E 's/.*goodput_mbps=([0-9.]+).*/\1/' <<<"$line")|$(sed -E 's/.*subflows=([0-9]+).*/\1/' <<<"$line")|$(lab_counters_delta_bytes "$before" "$after" isp1)|$(lab_counters_delta_bytes "$before" "$after" isp2)")
}

say "One plain TCP connection over isp1 alone (what one link carries), $seconds s"
measure "plain TCP, one link" lab_tcp_plain_via isp1 "$seconds"
say "One MPTCP connection from the single-homed host through the gateway, upload, $seconds s"
measure "MPTCP via gateway, up" lab_iperf_mptcp "$seconds"
say "The same, download, $seconds s (live status below)"
( sleep $((seconds / 2)); ip netns exec "$(lab_ns gw)" ./mptcp-gateway status --once --interval 1s \
    --run-dir "$work/run" 2>/dev/null | sed 's/^/   /' ) &
status_pid=$!
measure "MPTCP via gateway, down" lab_iperf_mptcp "$seconds" reverse
wait "$status_pid" || true

if [[ $compare == 1 ]]; then
    say "The do-it-yourself kernel gateway (nftables MP_JOIN steering + masquerade), upload, $seconds s"
    kill -TERM "$gateway_pid"; timeout 20 tail --pid="$gateway_pid" -f /dev/null || true; gateway_pid=
    scripts/lab.sh mode router >/dev/null
    measure "MPTCP via nftables DIY, up" lab_iperf_mptcp "$seconds"
fi

one=$(cut -d'|' -f2 <<<"${results[0]}")
say "Result (goodput at the receiver; bytes each ISP link carried, both directions)"
printf '   %-28s %10s %8s %9s %14s %14s\n' "run" "Mbit/s" "x 1 link" "subflows" "isp1 bytes" "isp2 bytes"
for r in "${results[@]}"; do
    IFS='|' read -r label goodput subflows b1 b2 <<<"$r"
    printf '   %-28s %10.2f %8.2f %9s %14s %14s\n' "$label" "$goodput" "$(awk -v g="$goodput" -v o="$one" \
        'BEGIN { printf "%.2f", g / o }')" "$subflows" "$b1" "$b2"
done
if [[ -n $gateway_pid ]]; then
    say "Gateway counters (gateway_path_bytes_total and MPTCP placement, from /metrics)"
    ip netns exec "$(lab_ns gw)" curl -s http://127.0.0.1:9464/metrics \
        | grep -E '^gateway_(path_bytes_total|mptcp_joins_total|path_state|mptcp_subflow_resets_total)' \
        | sed 's/^/   /'
fi
say "Done: the lab is being torn down"
