#!/usr/bin/env bash
#
# Benchmarks and the performance report (issue 12); docs/performance.md is the latest full report.
#
#   scripts/bench.sh [--quick] [--only PARTS] [--no-build] [--results DIR]
#   scripts/bench.sh --report DIR      (write the report of an earlier run again, e.g. after changing the report)
#
#   --quick      a short version of every part (< 2 minutes; CI runs it after the tests): 1 s rate windows,
#                50 pings (after 100 unmeasured), 5 s transfers, 10 k sessions, JMH with one 1 s iteration. Fails
#                only when something is broken (a step errors, zero rate or goodput, the pipeline allocates);
#                ratios are reported.
#   --only PARTS comma-separated subset of: jmh, alloc, sessions, rate, goodput, failover (default: all)
#   --no-build   use the jars as they are (default: build when a source is newer than the jars)
#   --results D  results directory (default: results/<UTC timestamp>[-quick])
#
# Parts: (jmh) JMH of the whole in-memory pipeline over a realistic mix, classification with the MPTCP lookup, the
# parser; (alloc) bytes allocated per packet and GC count at load; (sessions) NAT lookups and memory at 10 k, 100 k
# and 1 M sessions; in one lab (scripts/lab.sh, unique LAB_ID): (rate) 64-byte forwarding rate and ping RTT through
# the kernel (bridge, router, router + nftables steering and masquerade) and the gateway (pass-through, NAT path),
# and the cost of a scrape every second; (goodput) one MPTCP connection over two shaped links against each link
# alone and the nftables baseline, median of three; (failover) a transfer while isp2's link goes down and up.
# Writes results/<timestamp>/{results.kv, commands.txt, report.md, *.png, jmh-*.json, logs/}; a full run also
# copies the report to docs/performance.md and its plots to docs/performance/.
#
# Needs root (namespaces, AF_PACKET). Every step is bounded by a timeout; a trap removes the lab's namespaces and
# stops every process started here, also on Ctrl-C.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$ROOT"

QUICK=0
ALL_PARTS="jmh,alloc,sessions,rate,goodput,failover"
ONLY=$ALL_PARTS
REPORT_ONLY=""
BUILD=auto
RES=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) QUICK=1; shift ;;
        --only) ONLY=${2:?--only needs a list}; shift 2 ;;
        --no-build) BUILD=no; shift ;;
        --results) RES=${2:?--results needs a directory}; shift 2 ;;
        --report) REPORT_ONLY=${2:?--report needs a results directory}; shift 2 ;;
        -h|--help) sed -n '3,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done

# ---- sizes of the two modes --------------------------------------------------------------------------------------
if [[ $QUICK == 1 ]]; then
    RATE_ROUNDS=1; RATE_SECS=1; RATE_WARMUP=1; SCRAPE_SECS=1; PINGS=50; PING_WARMUP=100
    GOODPUT_ROUNDS=1; GOODPUT_SECS=5
    FAIL_SECS=6; FAIL_DOWN_AT=2; FAIL_DOWN_FOR=2
else
    RATE_ROUNDS=3; RATE_SECS=4; RATE_WARMUP=1.5; SCRAPE_SECS=3; PINGS=200; PING_WARMUP=500
    GOODPUT_ROUNDS=3; GOODPUT_SECS=10
    FAIL_SECS=24; FAIL_DOWN_AT=8; FAIL_DOWN_FOR=5
fi
SHAPE_RATE=20mbit
# The kernel forwards in softirq context, which pre-empts every process; the generator and the gateway are
# processes. nice -20 gives them their CPU as softirq has it on a machine shared with other work (NICE=0: without).
NICE=${NICE:--20}

BENCH_START=$(date +%s)
BENCH_PIDS=()
# The script's own stderr, kept on fd 3: a trap may run inside a command whose stderr goes to a log file.
exec 3>&2

bench_log()
{
    printf '[bench %4ss] %s\n' "$(($(date +%s) - BENCH_START))" "$*" >&3
}

bench_fail()
{
    bench_log "FAILED: $*"
    [[ -n ${RES:-} && -d ${RES:-} ]] && printf 'bench.failed=%s\n' "$*" >>"$RES/results.kv"
    exit 1
}

# key=value into results.kv (the report reads it).
bench_kv()
{
    printf '%s=%s\n' "$1" "$2" >>"$RES/results.kv"
}

# Appends a value to a space-separated list kept in BENCH_LISTS and rewrites its key at the end (bench_kv_flush).
declare -A BENCH_LISTS
bench_kv_append()
{
    BENCH_LISTS[$1]="${BENCH_LISTS[$1]:+${BENCH_LISTS[$1]} }$2"
}

bench_kv_flush()
{
    local k
    for k in "${!BENCH_LISTS[@]}"; do
        bench_kv "$k" "${BENCH_LISTS[$k]}"
    done
    BENCH_LISTS=()
}

# The exact commands, for the report: paths relative to the repository, arguments quoted where a shell needs it.
bench_record()
{
    local a out=""
    for a in "$@"; do
        a=${a//$ROOT\//}
        if [[ $a =~ ^[-A-Za-z0-9_./:=,@%+]+$ ]]; then
            out+="$a "
        else
            out+="'${a//\'/\'\\\'\'}' "
        fi
    done
    printf '%s\n' "${out% }" >>"$RES/commands.txt"
}

# Runs a command in the background under a timeout and waits for it, so that a signal reaches the trap at once
# (bash runs traps only between foreground commands). Args: seconds command...
bench_bg()
{
    local seconds=$1 pid rc=0
    shift
    timeout --kill-after=10 "$seconds" "$@" &
    pid=$!
    BENCH_PIDS+=("$pid")
    wait "$pid" || rc=$?
    bench_reap "$pid"
    return "$rc"
}

bench_reap()
{
    local p keep=()
    for p in "${BENCH_PIDS[@]}"; do
        [[ $p == "$1" ]] || keep+=("$p")
    done
    BENCH_PIDS=("${keep[@]}")
}

bench_wants()
{
    [[ ,$ONLY, == *,$1,* ]]
}

cleanup()
{
    local rc=$? p
    trap - EXIT INT TERM HUP
    if [[ -n ${BL_GW_PID:-} ]]; then
        bl_gateway_stop || true
    fi
    for p in "${BENCH_PIDS[@]}"; do
        kill -TERM "$p" 2>/dev/null || true
    done
    for p in "${BENCH_PIDS[@]}"; do
        timeout 15 tail --pid="$p" -f /dev/null 2>/dev/null || kill -KILL "$p" 2>/dev/null || true
    done
    if [[ ${LAB_STARTED:-0} == 1 ]]; then
        lab_down >/dev/null 2>&1 || lab_down || true
    fi
    [[ -n ${TMP:-} ]] && rm -rf "$TMP"
    if [[ $rc -ne 0 ]]; then
        bench_log "exit $rc; namespaces of lab $LAB_ID removed"
    fi
    exit "$rc"
}

# Writes report.md and the plots of a results directory; a complete full run is also copied to docs/.
bench_report()
{
    local dir=$1
    timeout 120 java -Djava.awt.headless=true -cp "$JAR" org.mptcpgw.bench.report.BenchReport "$dir" \
        >>"$dir/logs/report.log" 2>&1 || {
        echo "bench.sh: the report could not be written (see $dir/logs/report.log)" >&2
        return 1
    }
    if grep -qx 'meta.mode=full' "$dir/results.kv" && grep -qx "meta.parts=$ALL_PARTS" "$dir/results.kv" &&
        ! grep -q '^bench.failed=' "$dir/results.kv"; then
        cp "$dir/report.md" docs/performance.md
        mkdir -p docs/performance
        cp "$dir"/*.png docs/performance/
        sed -i 's|](\([a-z-]*\.png\))|](performance/\1)|g' docs/performance.md
        echo "[bench] copied the report to docs/performance.md" >&2
    fi
}

# ---- preconditions and build -------------------------------------------------------------------------------------
[[ $(id -u) -eq 0 ]] || { echo "bench.sh needs root (network namespaces, AF_PACKET); run with sudo" >&2; exit 1; }
missing=""
for entry in java:openjdk-17-jdk-headless mvn:maven jq:jq curl:curl taskset:util-linux ip:iproute2 nft:nftables \
    ping:iputils-ping iperf3:iperf3 mptcpize:mptcpize timeout:coreutils awk:mawk; do
    command -v "${entry%%:*}" >/dev/null 2>&1 || missing="$missing ${entry%%:*}(${entry#*:})"
done
[[ -z $missing ]] || { echo "bench.sh: missing tools:$missing; install with apt-get install -y <package>" >&2; exit 1; }

JAR=$ROOT/gateway-bench/target/benchmarks.jar
DIST=$ROOT/gateway-nat/target/dist/lib
stale()
{
    [[ -f $JAR ]] && ls "$DIST"/gateway-nat-*.jar >/dev/null 2>&1 || return 0
    [[ -n $(find pom.xml gateway-*/pom.xml gateway-*/src -newer "$JAR" -type f -print -quit 2>/dev/null) ]]
}
if [[ $BUILD == auto ]] && stale; then
    echo "[bench] building (mvn package -DskipTests)" >&2
    timeout 1200 mvn -B -q -o -DskipTests package >&2 || timeout 1800 mvn -B -q -ntp -DskipTests package >&2
fi
[[ -f $JAR ]] || { echo "bench.sh: $JAR missing: build with mvn -DskipTests package" >&2; exit 1; }
if [[ -n $REPORT_ONLY ]]; then
    [[ -f $REPORT_ONLY/results.kv ]] || { echo "bench.sh: no results.kv in $REPORT_ONLY" >&2; exit 1; }
    mkdir -p "$REPORT_ONLY/logs"
    bench_report "$REPORT_ONLY"
    echo "[bench] $REPORT_ONLY/report.md" >&2
    exit 0
fi
JAVA=(java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -XX:+UseSerialGC -cp "$JAR")

# ---- results, lab id, traps --------------------------------------------------------------------------------------
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
SUFFIX=""
[[ $QUICK == 0 ]] || SUFFIX=-quick
[[ -n $RES ]] || RES=$ROOT/results/$STAMP$SUFFIX
mkdir -p "$RES/logs"
RES=$(cd "$RES" && pwd)
: >"$RES/results.kv"
: >"$RES/commands.txt"
TMP=$(mktemp -d /tmp/mgw-bench.XXXXXX)
# A lab of our own: a random id (exported, so that scripts/lab.sh acts on it and on nothing else).
LAB_ID=bn$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
export LAB_ID
LAB_STARTED=0
# shellcheck source=lib/lab-common.sh
source "$ROOT/scripts/lib/lab-common.sh"
lab_select "$LAB_ID"
[[ $LAB_ID == bn* ]] || { echo "bench.sh: unexpected lab id '$LAB_ID'" >&2; exit 1; }
# shellcheck source=lib/bench-jvm.sh
source "$ROOT/scripts/lib/bench-jvm.sh"
# shellcheck source=lib/bench-lab.sh
source "$ROOT/scripts/lib/bench-lab.sh"
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

bench_log "results in $RES, lab $LAB_ID, $([[ $QUICK == 1 ]] && echo quick || echo full) mode, parts $ONLY"
bench_kv meta.mode "$([[ $QUICK == 1 ]] && echo quick || echo full)"
bench_kv meta.command "scripts/bench.sh$([[ $QUICK == 1 ]] && echo ' --quick')"
bench_kv meta.date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
bench_kv meta.kernel "$(uname -r)"
bench_kv meta.cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1) x $(nproc)"
bench_kv meta.cpu_mhz "$(sed -n 's/^cpu MHz[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
bench_kv meta.memory "$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
bench_kv meta.jdk "$(java -version 2>&1 | head -n 1)"
bench_kv meta.git "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(
    git diff --quiet 2>/dev/null || echo '+dirty')"
bench_kv meta.load_before "$(cut -d' ' -f1-3 /proc/loadavg)"
bench_kv meta.nice "$NICE"
bench_kv meta.lab_id "$LAB_ID"
bench_kv meta.parts "$ONLY"
bench_kv meta.rate_rounds "$RATE_ROUNDS"
bench_kv meta.rate_seconds "$RATE_SECS"
bench_kv meta.rate_warmup "$RATE_WARMUP"
bench_kv meta.pings "$PINGS"
bench_kv meta.ping_warmup "$PING_WARMUP"
bench_kv meta.scrape_seconds "$SCRAPE_SECS"
bench_kv meta.goodput_rounds "$GOODPUT_ROUNDS"
bench_kv meta.goodput_seconds "$GOODPUT_SECS"
bench_kv meta.shape_rate "$SHAPE_RATE"

# ---- JVM parts ---------------------------------------------------------------------------------------------------
if bench_wants jmh; then
    bench_log "JMH: pipeline, classification, parser"
    bj_jmh_pipeline
fi
if bench_wants alloc; then
    bench_log "allocation and GC at load"
    bj_allocation
fi
if bench_wants sessions; then
    bench_log "sessions: NAT lookups and memory"
    bj_sessions
fi

# ---- lab parts ---------------------------------------------------------------------------------------------------
if bench_wants rate || bench_wants goodput || bench_wants failover; then
    bench_log "lab $LAB_ID up"
    # The host is stock Linux with one address: the host agent asks for its extra subflows (and re-creates one
    # after a failover), as in the demo; the server announces nothing.
    bench_record "LAB_ID=$LAB_ID" scripts/lab.sh up --mode inline --rate "$SHAPE_RATE" --host-agent
    LAB_STARTED=1
    timeout 120 scripts/lab.sh up --mode inline --rate "$SHAPE_RATE" --host-agent 2>>"$RES/logs/lab.log" ||
        bench_fail "lab up failed (see $RES/logs/lab.log)"
    bl_install_sinks
    # The NAT path's test source (pinned to isp2 in the gateway's configuration), for the pings.
    bench_record ip -n "$(lab_ns host)" addr add "$BL_PINNED_ADDR/24" dev h0
    lab_ip host addr add "$BL_PINNED_ADDR/24" dev h0
    GW_CONFIG=$(bl_gateway_config)
    GW_SPIN_CONFIG=$(bl_gateway_spin_config "$GW_CONFIG")
fi
if bench_wants rate; then
    # Shaping off: the rate runs measure forwarding, not the ISPs' token buckets.
    bl_unshape
    for round in $(seq 1 "$RATE_ROUNDS"); do
        bench_log "rate round $round of $RATE_ROUNDS"
        bl_kernel_bridge "$round"
        # Quick mode keeps one kernel plain forwarder (the bridge) to stay under two minutes.
        if [[ $QUICK == 0 ]]; then
            bl_kernel_router "$round"
        fi
        bl_kernel_nft "$round"
        bl_gateway_rates "$round" "$([[ $round == "$RATE_ROUNDS" ]] && echo 1 || echo 0)"
    done
    bench_kv_flush
fi
if bench_wants goodput || bench_wants failover; then
    bl_shape "$SHAPE_RATE"
fi
if bench_wants goodput; then
    for round in $(seq 1 "$GOODPUT_ROUNDS"); do
        bench_log "goodput round $round of $GOODPUT_ROUNDS"
        # The last round leaves the gateway running for the failover transfer, which saves a restart.
        bl_goodput_round "$([[ $round == "$GOODPUT_ROUNDS" ]] && bench_wants failover && echo 1 || echo 0)"
    done
    bench_kv_flush
fi
if bench_wants failover; then
    bench_log "link failure during a transfer"
    bl_failover
fi
if [[ $LAB_STARTED == 1 ]]; then
    lab_down >/dev/null 2>&1 || bench_fail "lab down failed"
    LAB_STARTED=0
fi
bench_kv meta.load_after "$(cut -d' ' -f1-3 /proc/loadavg)"
bench_kv meta.seconds "$(($(date +%s) - BENCH_START))"

# ---- report ------------------------------------------------------------------------------------------------------
bench_log "writing the report"
bench_report "$RES" || bench_fail "the report could not be written"
bench_log "done in $(($(date +%s) - BENCH_START)) s: $RES/report.md"
grep -E '^\| ' "$RES/report.md" | head -n 20 >&2 || true
