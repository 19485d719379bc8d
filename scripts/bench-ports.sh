#!/bin/bash
# Port benchmark (issue 4): 64-byte UDP frames a -> m -> b through
#   (1) the Linux kernel of m routing (RPS on m0 moves its receive work to CPU1), and
#   (2) the Java pass-through (org.mptcpgw.bench.port.PortForwarder) on m0/m1, pinned to CPU1,
# with the same Java AF_PACKET generator (PortBlaster) pinned to CPU0 in a, and the sink an nft netdev ingress
# "counter drop" in b. Also: ping RTT p50/p99 at low load through each, and TCP through the Java pass-through.
#
#   [a] a0 ──veth── m0 [m] m1 ──veth── b0 [b]
#
# Usage: scripts/bench-ports.sh [seconds-per-rate-window]    (default 4; the whole run stays under ~3 minutes)
# Every configuration is measured once per round, ROUNDS rounds (default 2), so that a change of background load
# hits all alike. Environment: ROUNDS=n, KERNEL=0 skips the kernel, TCP=0 the TCP runs,
# VARIANTS="V2 TX_RING;V3 SEND --retire-ms=2" picks the Java configurations (ring version, TX mode, extra
# forwarder options; separated by ';').
# Needs root. Builds gateway-bench offline first. Removes its namespaces on exit, also on failure (trap).
set -euo pipefail

SECS=${1:-4}
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ID=$(printf '%06x' $(( (RANDOM << 15 | RANDOM) & 0xFFFFFF )))
A=mgwb-$ID-a; M=mgwb-$ID-m; B=mgwb-$ID-b
RUN=$(mktemp -d /tmp/bench-ports.XXXXXX)
PIDS=()

cleanup() {
    for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    for n in "$A" "$M" "$B"; do ip netns del "$n" 2>/dev/null || true; done
    rm -rf "$RUN"
}
trap cleanup EXIT INT TERM

[ "$(id -u)" = 0 ] || { echo "bench-ports.sh needs root (network namespaces, AF_PACKET)" >&2; exit 1; }

LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
echo "# building gateway-bench (offline)" >&2
mvn -B -q -o -pl gateway-bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile="$RUN/cp.txt" >&2
CP="$ROOT/gateway-bench/target/classes:$ROOT/gateway-nat/target/classes:$ROOT/gateway-core/target/classes:$(cat "$RUN/cp.txt")"
JAVA=(java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -XX:+UseSerialGC ${JAVA_OPTS:-} -cp "$CP")

# The kernel forwards in softirq context, which pre-empts every process; the Java forwarder is a process. On a
# machine shared with other work, nice -20 gives the generator and the forwarder their CPU as softirq has it, so
# that both sides are compared on the same footing. NICE=0 measures without it.
NICE=${NICE:--20}

MAC_A0=02:00:00:00:01:01; MAC_M0=02:00:00:00:01:02; MAC_M1=02:00:00:00:02:01; MAC_B0=02:00:00:00:02:02

# ---- topology -------------------------------------------------------------------------------------------------
for n in "$A" "$M" "$B"; do
    ip netns add "$n"; ip -n "$n" link set lo up
    ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
ip link add a0 netns "$A" address $MAC_A0 type veth peer name m0 netns "$M" address $MAC_M0
ip link add m1 netns "$M" address $MAC_M1 type veth peer name b0 netns "$B" address $MAC_B0
ip -n "$A" link set a0 up; ip -n "$M" link set m0 up; ip -n "$M" link set m1 up; ip -n "$B" link set b0 up
# same segment through the Java pass-through (layer 2), routed segments through the kernel of m
ip -n "$A" addr add 192.0.2.1/24 dev a0;       ip -n "$B" addr add 192.0.2.2/24 dev b0
ip -n "$A" addr add 198.51.100.1/24 dev a0;    ip -n "$A" route add 203.0.113.0/24 via 198.51.100.254
ip -n "$B" addr add 203.0.113.1/24 dev b0;     ip -n "$B" route add 198.51.100.0/24 via 203.0.113.254
ip -n "$M" addr add 198.51.100.254/24 dev m0;  ip -n "$M" addr add 203.0.113.254/24 dev m1
ip -n "$M" neigh replace 203.0.113.1 lladdr $MAC_B0 dev m1 nud permanent
ip -n "$A" neigh replace 198.51.100.254 lladdr $MAC_M0 dev a0 nud permanent
ip netns exec "$B" nft -f - <<'NFT'
table netdev sink {
    chain in { type filter hook ingress device "b0" priority 0; policy accept; udp dport 9 counter drop; }
}
NFT

sink_packets() { ip netns exec "$B" nft list chain netdev sink in | grep -o 'packets [0-9]*' | cut -d' ' -f2; }
cpu_sample() { awk '/^cpu[01] /{print $1, $2+$3+$4+$6+$7+$8, $5}' /proc/stat; }
busy() {  # busy % per CPU between two samples
    paste -d' ' <(echo "$1") <(echo "$2") | awk '{b=$5-$2; i=$6-$3; printf "%s %.0f%% ", $1, 100*b/(b+i)}'
}

HZ=$(getconf CLK_TCK)
forwarding_ticks() {  # CPU ticks spent forwarding: the forwarder process ($1), or CPU1's system+irq+softirq time
    if [ -n "${1:-}" ]; then awk '{print $14 + $15}' "/proc/$1/stat"; else awk '/^cpu1 /{print $4 + $7 + $8}' /proc/stat; fi
}

# Run the blaster for SECS+2 s; measure the sink over SECS s starting 1.5 s in.
# Prints "Mpps cpu-ns-per-frame cpu-busy" ($4: forwarder pid, empty for the kernel).
measure_rate() {  # $1 dst mac, $2 src ip, $3 dst ip, $4 forwarder pid
    ip netns exec "$A" nice -n "$NICE" taskset -c 0 "${JAVA[@]}" org.mptcpgw.bench.port.PortBlaster --interface a0 \
        --dst-mac "$1" --src-ip "$2" --dst-ip "$3" --seconds $((SECS + 2)) > "$RUN/blaster.out" 2>&1 &
    local bp=$!; PIDS+=("$bp")
    sleep 1.5
    local c1 t1 s1 f1 c2 t2 s2 f2
    c1=$(sink_packets); t1=$(date +%s%N); s1=$(cpu_sample); f1=$(forwarding_ticks "${4:-}")
    sleep "$SECS"
    c2=$(sink_packets); t2=$(date +%s%N); s2=$(cpu_sample); f2=$(forwarding_ticks "${4:-}")
    wait "$bp" || true
    awk -v c=$((c2 - c1)) -v t=$((t2 - t1)) -v f=$((f2 - f1)) -v hz="$HZ" \
        'BEGIN{printf "%.3f %.0f", c / (t / 1e3), (c > 0 ? f / hz * 1e9 / c : 0)}'
    echo " $(busy "$s1" "$s2")"
}

rtt() {  # $1 target; prints "p50 p99" in microseconds from 300 pings 10 ms apart
    ip netns exec "$A" ping -c 300 -i 0.01 -W 1 "$1" | grep -o 'time=[0-9.]*' | cut -d= -f2 | sort -n |
        awk '{v[NR]=$1} END{if (NR < 250) {print "lost", "lost"; exit} \
            printf "%.0f %.0f\n", v[int(NR*0.5)]*1000, v[int(NR*0.99)]*1000}'
}

start_forwarder() {  # args: forwarder options; waits until it is ready
    ip netns exec "$M" nice -n "$NICE" taskset -c 1 "${JAVA[@]}" org.mptcpgw.bench.port.PortForwarder --left m0 --right m1 \
        --isolate "$@" > "$RUN/forwarder.out" 2>&1 &
    FWD=$!; PIDS+=("$FWD")
    for _ in $(seq 100); do grep -q '^ready' "$RUN/forwarder.out" && return 0; sleep 0.1; done
    echo "forwarder did not start:" >&2; cat "$RUN/forwarder.out" >&2; exit 1
}
stop_forwarder() {  # SIGTERM: the forwarder prints its statistics and undoes the isolation before exiting
    kill "$FWD" 2>/dev/null || true; wait "$FWD" || true
    grep '^forwarder' "$RUN/forwarder.out" >&2 || true
}

RESULTS=()
row() { RESULTS+=("$*"); echo "$*" >&2; }

# One rate measurement (and, in the first round, the ping RTT) of one configuration: "kernel" or the forwarder's
# ring version, TX mode and extra options. Appends "mpps" to RATE[cfg], sets CPU[cfg] and RTT[cfg].
declare -A RATE COST CPU RTT
run_config() {
    local cfg="$1" round="$2" r target mpps ns busy
    if [ "$cfg" = kernel ]; then
        ip netns exec "$M" sysctl -qw net.ipv4.ip_forward=1
        ip netns exec "$M" sh -c 'echo 2 > /sys/class/net/m0/queues/rx-0/rps_cpus'
        r=$(measure_rate $MAC_M0 198.51.100.1 203.0.113.1 ""); target=203.0.113.1
    else
        # shellcheck disable=SC2086
        set -- $cfg
        start_forwarder --ring-version "$1" --tx-mode "$2" "${@:3}" --seconds 60
        r=$(measure_rate $MAC_B0 192.0.2.1 192.0.2.2 "$FWD"); target=192.0.2.2
    fi
    read -r mpps ns busy <<< "$r"
    RATE[$cfg]="${RATE[$cfg]:-}$mpps "; COST[$cfg]="${COST[$cfg]:-}$ns "; CPU[$cfg]="$busy"
    [ "$round" = 1 ] && RTT[$cfg]=$(rtt $target)
    if [ "$cfg" = kernel ]; then
        ip netns exec "$M" sh -c 'echo 0 > /sys/class/net/m0/queues/rx-0/rps_cpus'
        ip netns exec "$M" sysctl -qw net.ipv4.ip_forward=0
    else
        stop_forwarder
    fi
    echo "round $round: $cfg $r" >&2
}

VARIANTS=${VARIANTS:-"V2 TX_RING;V2 SEND;V3 TX_RING;V3 SEND;V2 TX_RING --qdisc-bypass"}
IFS=';' read -r -a CONFIGS <<< "$VARIANTS"
[ "${KERNEL:-1}" = 1 ] && CONFIGS=(kernel "${CONFIGS[@]}")
# Rounds over all configurations, so that a change of background load hits every configuration alike.
for round in $(seq "${ROUNDS:-2}"); do
    for cfg in "${CONFIGS[@]}"; do run_config "$cfg" "$round"; done
done
mean() { echo "$1" | awk '{s=0; for (i=1; i<=NF; i++) s+=$i; printf "%.3f", s/NF}'; }
KMEAN=$( [ -n "${RATE[kernel]:-}" ] && mean "${RATE[kernel]}" || echo 0)
for cfg in "${CONFIGS[@]}"; do
    m=$(mean "${RATE[$cfg]}")
    ratio=$(awk -v a="$m" -v b="$KMEAN" 'BEGIN{if (b > 0) printf "%.2f", a/b; else print "-"}')
    name=$([ "$cfg" = kernel ] && echo "kernel forwarding, RPS m0->CPU1" || echo "Java pass-through $cfg")
    row "| $name | ${RATE[$cfg]% } | $m | $ratio | ${COST[$cfg]% } | ${CPU[$cfg]} | ${RTT[$cfg]} |"
done

# ---- TCP with default offloads (GSO super-frames) through the Java pass-through --------------------------------
[ "${TCP:-1}" = 1 ] && ip netns exec "$B" iperf3 -s -D -B 192.0.2.2 --pidfile "$RUN/iperf3.pid" && sleep 0.5 &&
    PIDS+=("$(cat "$RUN/iperf3.pid")")
TCP_RESULTS=()
for variant in "--tx-large-frames=0" "--tx-large-frames=64" "--tx-frame-size=69632 --tx-frames=256"; do
    [ "${TCP:-1}" = 1 ] || break
    # shellcheck disable=SC2086
    start_forwarder --seconds 60 $variant
    f1=$(forwarding_ticks "$FWD"); t1=$(date +%s%N)
    T=$(ip netns exec "$A" iperf3 -c 192.0.2.2 -t 3 -J | grep -A8 '"sum_received"' |
        grep -o '"bits_per_second":[[:space:]]*[0-9.e+]*' | head -1 | awk -F: '{printf "%.0f", $2/1e6}')
    f2=$(forwarding_ticks "$FWD"); t2=$(date +%s%N)
    stop_forwarder
    PER_CPU=$(awk -v m="$T" -v f=$((f2 - f1)) -v t=$((t2 - t1)) -v hz="$HZ" \
        'BEGIN{cpu = f / hz / (t / 1e9); printf "%.0f%% | %.1f", 100 * cpu, (cpu > 0 ? m / 1000 / cpu : 0)}')
    TCP_RESULTS+=("| V2 TX_RING $variant | $T | $PER_CPU |")
done

echo
echo "64-byte UDP frames a -> m -> b, generator on CPU0, forwarding on CPU1, ${SECS} s windows:"
echo
echo "| run | Mpps per round | mean Mpps | ratio to kernel | forwarding CPU ns/frame per round |" \
    "CPU busy (last window) | ping RTT p50 p99 (µs) |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${RESULTS[@]}"
if [ ${#TCP_RESULTS[@]} -gt 0 ]; then
    echo
    echo "TCP (iperf3 3 s, default offloads on the end hosts) through the Java pass-through:"
    echo
    echo "| forwarder options | Mbit/s | forwarder CPU | Gbit/s per forwarder CPU |"
    echo "|---|---|---|---|"
    printf '%s\n' "${TCP_RESULTS[@]}"
fi
echo
echo "kernel $(uname -r), $(nproc) CPUs, nice $NICE, load before: $LOAD, $(date -u +%Y-%m-%dT%H:%MZ)"
