#!/usr/bin/env bash
#
# mptcp-gateway network lab: five network namespaces, real MPTCP, kernel baselines. See docs/lab.md.
#
#   scripts/lab.sh up [--mode inline|bridge|router] [--rate 20mbit] [--two-addresses] [--[no-]signal-port]
#                     [--host-agent]
#   scripts/lab.sh down
#   scripts/lab.sh status
#   scripts/lab.sh mode inline|bridge|router
#   scripts/lab.sh baseline [--seconds 20]
#   scripts/lab.sh exec <host|gw|isp1|isp2|server> <cmd...>
#   scripts/lab.sh counters [--json]
#   scripts/lab.sh iperf [--seconds 10] [--reverse] [--plain-via isp1|isp2]
#
# Environment: LAB_ID (default main, [a-z0-9]{1,12}), LAB_RUN_DIR (default /run/mptcp-gateway-lab).
set -euo pipefail

LAB_SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/lab-common.sh
source "$LAB_SCRIPT_DIR/lib/lab-common.sh"

usage()
{
    sed -n '4,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 2
}

cmd_up()
{
    local mode=inline rate=20mbit two_addresses=0 signal_port="" host_agent=0
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --mode) mode=${2:?--mode needs a value}; shift 2 ;;
            --rate) rate=${2:?--rate needs a value}; shift 2 ;;
            --two-addresses) two_addresses=1; shift ;;
            --signal-port) signal_port=1; shift ;;
            --no-signal-port) signal_port=0; shift ;;
            --host-agent) host_agent=1; shift ;;
            *) lab_die "up: unknown option '$1'" ;;
        esac
    done
    case "$mode" in
        inline|bridge|router) ;;
        *) lab_die "unknown mode '$mode' (one of: $LAB_MODES)" ;;
    esac
    [[ $rate =~ ^[0-9]+(\.[0-9]+)?[kmg]?(bit|bps)$ ]] || lab_die "invalid --rate '$rate' (e.g. 20mbit)"
    # The host agent opens the extra subflows itself, so the server's signal port is off unless asked for.
    if [[ -z $signal_port ]]; then
        signal_port=$((1 - host_agent))
    fi
    lab_require_root
    lab_require_tools
    # Idempotent: whatever exists of this id (a previous lab, or a crashed one) is removed first.
    lab_down >/dev/null 2>&1 || true
    # A failure, lab_die or a signal halfway through leaves no partial lab behind.
    trap 'up_cleanup' EXIT
    trap 'exit 130' INT TERM HUP
    lab_up "$mode" "$rate" "$two_addresses" "$signal_port"
    if [[ $host_agent == 1 ]]; then
        lab_start_host_agent
    fi
    trap - EXIT INT TERM HUP
    lab_log "up: mode=$mode rate=$rate two_addresses=$two_addresses signal_port=$signal_port host_agent=$host_agent"
}

up_cleanup()
{
    local rc=$?
    if [[ $rc -ne 0 ]]; then
        lab_log "up failed (exit $rc); removing the partial lab"
        lab_down || true
    fi
    exit "$rc"
}

cmd_down()
{
    lab_require_root
    lab_down
    lab_log "down"
}

cmd_mode()
{
    [[ $# -eq 1 ]] || usage
    lab_require_root
    lab_require_up
    lab_set_mode "$1"
    lab_log "mode $1"
}

cmd_exec()
{
    [[ $# -ge 2 ]] || usage
    local node=$1
    shift
    lab_require_up
    exec ip netns exec "$(lab_ns "$node")" "$@"
}

cmd_counters()
{
    lab_require_up
    if [[ ${1:-} == --json ]]; then
        lab_counters json
    else
        lab_counters kv
    fi
}

cmd_iperf()
{
    local seconds=10 reverse=0 via=""
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --seconds) seconds=${2:?--seconds needs a value}; shift 2 ;;
            --reverse) reverse=1; shift ;;
            --plain-via) via=${2:?--plain-via needs isp1 or isp2}; shift 2 ;;
            *) lab_die "iperf: unknown option '$1'" ;;
        esac
    done
    [[ $seconds =~ ^[0-9]+$ && $seconds -ge 1 && $seconds -le 600 ]] || lab_die "invalid --seconds '$seconds'"
    lab_require_up
    if [[ -n $via ]]; then
        lab_tcp_plain_via "$via" "$seconds" "$reverse"
    else
        lab_iperf_mptcp "$seconds" "$reverse"
    fi
}

# Runs one measurement and records: goodput, subflows and per-ISP bytes. Args: <label> <dir up|down> <fn args...>
# Results are appended to the global BASELINE_ROWS as "label|dir|mbps|subflows|isp1_bytes|isp2_bytes".
baseline_measure()
{
    local label=$1 dir=$2
    shift 2
    local before after out mbps sub
    before=$(lab_counters json)
    out=$("$@") || lab_die "measurement '$label $dir' failed"
    after=$(lab_counters json)
    mbps=$(sed -n 's/.*goodput_mbps=\([0-9.]*\).*/\1/p' <<<"$out")
    sub=$(sed -n 's/.*subflows=\([0-9]*\).*/\1/p' <<<"$out")
    BASELINE_ROWS+=("$label|$dir|$mbps|$sub|$(lab_counters_delta_bytes "$before" "$after" isp1)|$(
        lab_counters_delta_bytes "$before" "$after" isp2)")
    lab_log "$label $dir: $out"
}

cmd_baseline()
{
    local seconds=20
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --seconds) seconds=${2:?--seconds needs a value}; shift 2 ;;
            *) lab_die "baseline: unknown option '$1'" ;;
        esac
    done
    [[ $seconds =~ ^[0-9]+$ && $seconds -ge 2 && $seconds -le 600 ]] || lab_die "invalid --seconds '$seconds'"
    lab_require_root
    lab_require_up
    if [[ $(lab_state_get signal_port 0) != 1 ]]; then
        lab_die "baseline needs the server's signal port (up without --no-signal-port)"
    fi
    BASELINE_ROWS=()
    # Whatever happens, the lab goes back to inline mode, where the userspace gateway runs.
    trap 'lab_set_mode inline || true' EXIT
    trap 'exit 130' INT TERM HUP

    lab_set_mode router
    baseline_measure "ref isp1 (plain TCP)" up lab_tcp_plain_via isp1 "$seconds"
    baseline_measure "ref isp1 (plain TCP)" down lab_tcp_plain_via isp1 "$seconds" reverse
    baseline_measure "ref isp2 (plain TCP)" up lab_tcp_plain_via isp2 "$seconds"
    baseline_measure "ref isp2 (plain TCP)" down lab_tcp_plain_via isp2 "$seconds" reverse

    lab_set_mode bridge
    baseline_measure "(a) bridge, MPTCP" up lab_iperf_mptcp "$seconds"
    baseline_measure "(a) bridge, MPTCP" down lab_iperf_mptcp "$seconds" reverse

    lab_set_mode router
    baseline_measure "(b) router+nft, MPTCP" up lab_iperf_mptcp "$seconds"
    baseline_measure "(b) router+nft, MPTCP" down lab_iperf_mptcp "$seconds" reverse

    lab_set_mode inline
    trap - EXIT INT TERM HUP
    baseline_report "$seconds"
}

# Prints the table (markdown) and checks the acceptance ratios: (a) ~ one link, (b) >= 1.8x one link.
baseline_report()
{
    local seconds=$1 rate
    rate=$(lab_state_get rate ?)
    printf '%s\n' "${BASELINE_ROWS[@]}" | awk -F'|' -v lab="$LAB_ID" -v seconds="$seconds" -v rate="$rate" '
        { label[NR] = $1; dir[NR] = $2; mbps[NR] = $3; sub_[NR] = $4; b1[NR] = $5; b2[NR] = $6 }
        $1 ~ /^ref/ { ref[$2] += $3; nref[$2]++ }
        END {
            # "One link" = mean of the two single-link references in the same direction.
            for (d in ref) { one[d] = ref[d] / nref[d] }
            printf "Baseline, lab %s, %s s per run, tbf %s per ISP link and direction\n\n", lab, seconds, rate
            printf "| run | dir | goodput Mbit/s | x one link | subflows | isp1 MB (up+down) | isp2 MB (up+down) |\n"
            printf "|---|---|---:|---:|---:|---:|---:|\n"
            for (i = 1; i <= NR; i++) {
                printf "| %s | %s | %.2f | %.2f | %s | %.1f | %.1f |\n", label[i], dir[i], mbps[i],
                    mbps[i] / one[dir[i]], sub_[i], b1[i] / 1e6, b2[i] / 1e6
            }
            printf "\nsum of the two links: up %.2f, down %.2f Mbit/s; one link (mean): up %.2f, down %.2f Mbit/s\n",
                ref["up"], ref["down"], one["up"], one["down"]
            ok = 1
            for (i = 1; i <= NR; i++) {
                r = mbps[i] / one[dir[i]]
                if (label[i] ~ /^\(a\)/ && (r < 0.8 || r > 1.2)) {
                    ok = 0
                    printf "FAIL: (a) %s ratio %.2f not ~1\n", dir[i], r
                }
                if (label[i] ~ /^\(b\)/ && r < 1.8) {
                    ok = 0
                    printf "FAIL: (b) %s ratio %.2f < 1.8\n", dir[i], r
                }
            }
            if (ok) { print "acceptance: PASS ((a) within 0.8-1.2x one link, (b) >= 1.8x one link)" }
            exit ok ? 0 : 1
        }'
}

main()
{
    [[ $# -ge 1 ]] || usage
    local cmd=$1
    shift
    case "$cmd" in
        up) cmd_up "$@" ;;
        down) cmd_down "$@" ;;
        status) lab_status ;;
        mode) cmd_mode "$@" ;;
        baseline) cmd_baseline "$@" ;;
        exec) cmd_exec "$@" ;;
        counters) cmd_counters "$@" ;;
        iperf) cmd_iperf "$@" ;;
        -h|--help|help) usage ;;
        *) lab_log "unknown command '$cmd'"; usage ;;
    esac
}

main "$@"
