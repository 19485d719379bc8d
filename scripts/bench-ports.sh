#!/bin/bash
# Port benchmark (issue 4): 64-byte UDP frames a -> m -> b through
#   (1) the Linux kernel of m routing (RPS on m0 moves its receive work to CPU1), and
#   (2) the Java pass-through (org.mptcpgw.bench.port.PortForwarder) on m0/m1, pinned to CPU1,
# with the same Java AF_PACKET generator (PortBlaster) pinned to CPU0 in a, and the sink an nft netdev ingress
# "counter drop" in b. Also: ping RTT p50/p99 at low load through each, and TCP through the Java pass-through.
#
#   [a] a0 ──veth── m0 [m] m1 ──veth── b0 [b]
#
# Usage: scripts/bench-ports.sh [seconds-per-rate-run]      (default 6; the whole run stays under ~3 minutes)
# The kernel run and the default Java run alternate REPS times (default 2) so that load from other processes
# hits both alike; the other Java variants run once. Environment: REPS=n, KERNEL=0 skips the kernel runs, TCP=0
# the TCP runs, VARIANTS="V2 SEND;V3 TX_RING --retire-ms=2" picks the other Java runs (ring version, TX mode,
# extra forwarder options; separated by ';').
# Needs root. Builds gateway-bench offline first. Removes its namespaces on exit, also on failure (trap).
set -euo pipefail

SECS=${1:-6}
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
JAVA=(java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -XX:+UseSerialGC -cp "$CP")

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

# Run the blaster for SECS+2 s; measure the sink over SECS s starting 1 s in. Prints "mpps cpu".
measure_rate() {  # $1 dst mac, $2 src ip, $3 dst ip
    ip netns exec "$A" nice -n "$NICE" taskset -c 0 "${JAVA[@]}" org.mptcpgw.bench.port.PortBlaster --interface a0 \
        --dst-mac "$1" --src-ip "$2" --dst-ip "$3" --seconds $((SECS + 2)) > "$RUN/blaster.out" 2>&1 &
    local bp=$!; PIDS+=("$bp")
    sleep 1.5
    local c1 t1 c2 t2 s1 s2
    c1=$(sink_packets); t1=$(date +%s%N); s1=$(cpu_sample)
    sleep "$SECS"
    c2=$(sink_packets); t2=$(date +%s%N); s2=$(cpu_sample)
    wait "$bp" || true
    awk -v c=$((c2 - c1)) -v t=$((t2 - t1)) 'BEGIN{printf "%.3f", c / (t / 1e3)}'
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

kernel_run() {  # (1) the kernel of m routes, RPS m0 -> CPU1
    ip netns exec "$M" sysctl -qw net.ipv4.ip_forward=1
    ip netns exec "$M" sh -c 'echo 2 > /sys/class/net/m0/queues/rx-0/rps_cpus'
    local k r
    k=$(measure_rate $MAC_M0 198.51.100.1 203.0.113.1)
    r=$(rtt 203.0.113.1)
    row "| kernel forwarding (RPS m0->CPU1) | ${k%% *} | ${k#* } | $r |"
    ip netns exec "$M" sh -c 'echo 0 > /sys/class/net/m0/queues/rx-0/rps_cpus'
}

java_run() {  # (2) the Java pass-through, kernel of m muted; args: ring version, TX mode, extra options
    start_forwarder --ring-version "$1" --tx-mode "$2" "${@:3}" --seconds 60
    local j r
    j=$(measure_rate $MAC_B0 192.0.2.1 192.0.2.2)
    r=$(rtt 192.0.2.2)
    stop_forwarder
    row "| Java pass-through $* | ${j%% *} | ${j#* } | $r |"
}

for _ in $(seq "${REPS:-2}"); do
    [ "${KERNEL:-1}" = 1 ] && kernel_run
    java_run V2 TX_RING
done
VARIANTS=${VARIANTS:-"V2 SEND;V3 TX_RING;V3 SEND;V2 TX_RING --qdisc-bypass;V2 TX_RING --idle-spins=2000000000"}
IFS=';' read -r -a VARIANT_LIST <<< "$VARIANTS"
for variant in "${VARIANT_LIST[@]}"; do
    # shellcheck disable=SC2086
    java_run $variant
done

# ---- TCP with default offloads (GSO super-frames) through the Java pass-through --------------------------------
[ "${TCP:-1}" = 1 ] && ip netns exec "$B" iperf3 -s -D -B 192.0.2.2 --pidfile "$RUN/iperf3.pid" && sleep 0.5 &&
    PIDS+=("$(cat "$RUN/iperf3.pid")")
for variant in "--tx-large-frames=64" "--tx-large-frames=0" "--tx-frame-size=69632 --tx-frames=256 --tx-large-frames=0" \
        "--tx-mode=SEND" "--ring-version=V3"; do
    [ "${TCP:-1}" = 1 ] || break
    start_forwarder --seconds 60 $variant
    T=$(ip netns exec "$A" iperf3 -c 192.0.2.2 -t 3 -J | grep -A8 '"sum_received"' |
        grep -o '"bits_per_second":[[:space:]]*[0-9.e+]*' | head -1 | awk -F: '{printf "%.0f", $2/1e6}')
    stop_forwarder
    row "| TCP iperf3 3 s, Java pass-through $variant | $T Mbit/s | | |"
done

echo
echo "| run | delivered Mpps | CPU busy (window) | ping RTT p50 p99 (µs) |"
echo "|---|---|---|---|"
printf '%s\n' "${RESULTS[@]}"
echo
echo "kernel $(uname -r), $(nproc) CPUs, ${SECS} s per rate run, nice $NICE, load before: $LOAD," \
    "$(date -u +%Y-%m-%dT%H:%MZ)"
