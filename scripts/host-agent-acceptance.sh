#!/usr/bin/env bash
#
# Acceptance measurements of the host agent (docs/host-agent.md), in a lab that is up with the agent and without
# the server's signal port:
#
#   scripts/lab.sh up --mode router --host-agent && scripts/host-agent-acceptance.sh; scripts/lab.sh down
#
#   scripts/host-agent-acceptance.sh [--seconds 20] [--runs 3] [--transfer 40] [--down-at 10] [--down-for 10]
#                                    [--skip-aggregation] [--skip-recovery] [--compare-signal-port]
#
# 1. Aggregation: one plain TCP connection over isp1 alone and over isp2 alone (the references R1, R2), then
#    --runs MPTCP connections (iperf3 under mptcpize, one connection each); pass if the median >= 0.95 x (R1 + R2).
#    With --compare-signal-port, as many control runs follow without the agent's help: the host's in-kernel path
#    manager joining the server's signal port 5202 (baseline (b) of docs/lab.md), in the same conditions.
# 2. Recovery: one MPTCP transfer of --transfer seconds with 1 s intervals; isp2 goes down at --down-at and comes
#    back --down-for seconds later. Reports the first interval after the return whose goodput is >= 0.9 x (R1 + R2)
#    and the time from the return to its end; pass if it is <= 5 s. In router mode the kernel gateway does not notice
#    a dead uplink, so the link-down step also does what the userspace gateway does when an uplink dies: it resets
#    the subflows steered to it and refuses new joins there (an nft reject rule in gw, removed when the link returns).
#
# Environment: LAB_ID, LAB_RUN_DIR as for lab.sh. Needs root, jq, and the lab tools.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/lab-common.sh
source "$SCRIPT_DIR/lib/lab-common.sh"

seconds=20
runs=3
transfer=40
down_at=10
down_for=10
do_aggregation=1
do_recovery=1
compare=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --seconds) seconds=${2:?}; shift 2 ;;
        --runs) runs=${2:?}; shift 2 ;;
        --transfer) transfer=${2:?}; shift 2 ;;
        --down-at) down_at=${2:?}; shift 2 ;;
        --down-for) down_for=${2:?}; shift 2 ;;
        --skip-aggregation) do_aggregation=0; shift ;;
        --skip-recovery) do_recovery=0; shift ;;
        --compare-signal-port) compare=1; shift ;;
        -h|--help) sed -n '4,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
        *) lab_die "unknown option '$1'" ;;
    esac
done
for n in "$seconds" "$runs" "$transfer" "$down_at" "$down_for"; do
    [[ $n =~ ^[0-9]+$ && $n -ge 1 && $n -le 600 ]] || lab_die "invalid number '$n'"
done
((down_at + down_for + 5 <= transfer)) || lab_die "--transfer must leave 5 s after the link returns"

lab_require_root
lab_require_up
[[ $(lab_state_get host_agent 0) == 1 ]] || lab_die "the lab must be up with --host-agent"
[[ $(lab_state_get signal_port 1) == 0 ]] || lab_die "the lab must be up without the server's signal port"
MODE=$(lab_mode)

mbps_of()
{
    sed -n 's/.*goodput_mbps=\([0-9.]*\).*/\1/p' <<<"$1"
}

# isp2's link goes down: the ISP side of the gw-isp2 link (gw's wan2 loses its carrier). In router mode, also the
# userspace gateway's reaction to a dead uplink, emulated in gw's kernel.
isp2_down()
{
    lab_ip isp2 link set i2g down
    if [[ $MODE == router ]]; then
        lab_in gw nft -f - <<'EOF'
table ip mgw_uplink_down {
    chain reset_dead_uplink {
        type filter hook forward priority filter; policy accept;
        meta mark 0x2 reject with tcp reset
    }
}
EOF
    fi
}

isp2_up()
{
    if [[ $MODE == router ]]; then
        lab_in gw nft delete table ip mgw_uplink_down 2>/dev/null || true
    fi
    lab_ip isp2 link set i2g up
}

trap 'isp2_up >/dev/null 2>&1 || true; [[ $compare == 0 ]] || signal_port_end >/dev/null 2>&1 || true' EXIT

reference_sum=""
if [[ $do_aggregation == 1 || $do_recovery == 1 ]]; then
    [[ $MODE == router ]] || lab_die "the references need router mode (plain TCP over isp2)"
    r1=$(mbps_of "$(lab_tcp_plain_via isp1 "$seconds")")
    r2=$(mbps_of "$(lab_tcp_plain_via isp2 "$seconds")")
    reference_sum=$(awk -v a="$r1" -v b="$r2" 'BEGIN { printf "%.2f", a + b }')
    printf 'references (%s s, plain TCP): isp1 %s Mbit/s, isp2 %s Mbit/s, sum %s Mbit/s\n' "$seconds" "$r1" "$r2" \
        "$reference_sum"
fi

# One MPTCP run; prints its line and sets LAST_MBPS. Args: <label>
mptcp_run()
{
    local before after out
    before=$(lab_counters json)
    out=$(lab_iperf_mptcp "$seconds")
    after=$(lab_counters json)
    LAST_MBPS=$(mbps_of "$out")
    printf '%s: %s isp1_MB=%.1f isp2_MB=%.1f\n' "$1" "$out" \
        "$(jq -n "$(lab_counters_delta_bytes "$before" "$after" isp1) / 1e6")" \
        "$(jq -n "$(lab_counters_delta_bytes "$before" "$after" isp2) / 1e6")"
}

# Control runs: the host's in-kernel path manager and the server's signal port instead of the agent. (The endpoint
# is added once: its listener cannot be re-created while joins to it linger in TIME_WAIT.)
signal_port_begin()
{
    lab_sysctl host net.mptcp.path_manager=kernel
    lab_ip server mptcp endpoint add "$LAB_SERVICE_ADDR" port "$LAB_SIGNAL_PORT" signal
}

signal_port_end()
{
    lab_ip server mptcp endpoint flush 2>/dev/null || true
    lab_sysctl host net.mptcp.path_manager=userspace
}

median_of()
{
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

status=0
if [[ $do_aggregation == 1 ]]; then
    results=()
    controls=()
    for i in $(seq 1 "$runs"); do
        mptcp_run "MPTCP run $i (host agent)"
        results+=("$LAST_MBPS")
    done
    if [[ $compare == 1 ]]; then
        signal_port_begin
        for i in $(seq 1 "$runs"); do
            mptcp_run "MPTCP run $i (control: signal port, no agent)"
            controls+=("$LAST_MBPS")
        done
        signal_port_end
    fi
    median=$(median_of "${results[@]}")
    ratio=$(awk -v m="$median" -v s="$reference_sum" 'BEGIN { printf "%.3f", m / s }')
    if awk -v r="$ratio" 'BEGIN { exit !(r >= 0.95) }'; then
        verdict=PASS
    else
        verdict=FAIL
        status=1
    fi
    printf 'aggregation: median %s Mbit/s = %s x the sum of the references (>= 0.95): %s\n' "$median" "$ratio" \
        "$verdict"
    if [[ $compare == 1 ]]; then
        control=$(median_of "${controls[@]}")
        printf 'control (signal port, no agent): median %s Mbit/s = %s x the sum of the references\n' "$control" \
            "$(awk -v m="$control" -v s="$reference_sum" 'BEGIN { printf "%.3f", m / s }')"
    fi
fi

if [[ $do_recovery == 1 ]]; then
    json=$LAB_STATE_DIR/acceptance-recovery.json
    agent_log=$LAB_STATE_DIR/host-agent.log
    log_lines_before=$(wc -l <"$agent_log")
    start=$(date +%s.%N)
    timeout --kill-after=5 $((transfer + LAB_IPERF_GRACE_S)) ip netns exec "$(lab_ns host)" mptcpize run \
        iperf3 -c "$LAB_SERVICE_ADDR" -p "$LAB_IPERF_PORT" -t "$transfer" -i 1 -J --connect-timeout 5000 \
        >"$json" 2>"$LAB_STATE_DIR/acceptance-recovery.err" &
    iperf_pid=$!
    # iperf3 reports intervals from the moment its data connection (the second MPTCP connection) is up: take the
    # times of the link events from there (sampled every 50 ms).
    for _ in $(seq 1 200); do
        n=$(lab_in host ss -HtnM state established "dst $LAB_SERVICE_ADDR" 2>/dev/null | grep -c '^mptcp' || true)
        ((n >= 2)) && break
        sleep 0.05
    done
    start=$(date +%s.%N)
    sleep "$down_at"
    isp2_down
    down_s=$(awk -v now="$(date +%s.%N)" -v s="$start" 'BEGIN { printf "%.2f", now - s }')
    sleep "$down_for"
    isp2_up
    up_s=$(awk -v now="$(date +%s.%N)" -v s="$start" 'BEGIN { printf "%.2f", now - s }')
    wait "$iperf_pid" || lab_die "recovery transfer failed: $(head -c 300 "$LAB_STATE_DIR/acceptance-recovery.err")"
    trap - EXIT
    printf 'recovery: isp2 down at %s s, up at %s s (since the data connection was up); 1 s intervals (Mbit/s):\n' \
        "$down_s" "$up_s"
    jq -r '.intervals[].sum | "\(.end | floor) \(.bits_per_second / 1e6 * 100 | round / 100)"' "$json" \
        | awk '{ printf "  t=%3d s %6.2f\n", $1, $2 }'
    recovered=$(jq -r --argjson up "$up_s" --argjson want "$(awk -v s="$reference_sum" 'BEGIN { print 0.9 * s }')" \
        '[.intervals[].sum | select(.start >= $up and .bits_per_second / 1e6 >= $want)][0].end // empty' "$json")
    if [[ -z $recovered ]]; then
        printf 'recovery: goodput never came back to 0.9 x %s Mbit/s after the link returned: FAIL\n' \
            "$reference_sum"
        status=1
    else
        took=$(awk -v r="$recovered" -v u="$up_s" 'BEGIN { printf "%.1f", r - u }')
        if awk -v t="$took" 'BEGIN { exit !(t <= 5.0) }'; then verdict=PASS; else verdict=FAIL; status=1; fi
        printf 'recovery: back to >= 0.9 x %s Mbit/s in the interval ending at %s s, %s s after the return ' \
            "$reference_sum" "$recovered" "$took"
        printf '(<= 5 s): %s\n' "$verdict"
    fi
    printf 'host agent log during the transfer:\n'
    tail -n +"$((log_lines_before + 1))" "$agent_log" | sed 's/^/  /'
fi
exit "$status"
