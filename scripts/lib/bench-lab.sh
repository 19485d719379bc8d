# shellcheck shell=bash
#
# End-to-end measurements of scripts/bench.sh in the lab of scripts/lab.sh (docs/lab.md): 64-byte forwarding rate
# with a fixed AF_PACKET generator, ping RTT, MPTCP goodput, the scrape cost and a link failure, through the kernel
# baselines (bridge, router, router with the nftables steering and masquerade) and the userspace gateway.
#
# Sourced by bench.sh after scripts/lib/lab-common.sh. Expects: LAB_ID selected, RES (results directory), TMP
# (scratch directory), JAVA (array: java with the benchmark classpath), NICE, and the bench_* helpers of bench.sh
# (bench_log, bench_kv, bench_run, bench_bg, bench_reap, bench_fail). Every command is bounded by a timeout.

BL_ISP1_ROUTER_MAC=02:00:00:00:01:02     # isp1's i1g: the host's router in inline and bridge modes
BL_GW_LAN_MAC=02:00:00:00:00:02          # gw's lan: the host's router in router mode
BL_HOST_ADDR=192.0.2.2
BL_PINNED_ADDR=192.0.2.3                 # pinned to isp2 in the gateway's bench configuration (NAT path)
BL_METRICS_URL=http://127.0.0.1:9464/metrics
BL_GW_PID=""
BL_GW_JAVA_PID=""
# The generator runs on CPU0 and the forwarder (kernel softirq through RPS, or the gateway's worker) on CPU1; on a
# one-CPU machine both share CPU0 (the ratios then mean less, but the run still checks that everything works).
BL_FWD_CPU=$(( $(nproc) >= 2 ? 1 : 0 ))
BL_RPS_MASK=$(( 1 << BL_FWD_CPU ))

# ---- ISP sinks and shaping ------------------------------------------------------------------------------------

# The sink of the rate runs: an nft netdev ingress "counter drop" of the generator's UDP port 9 on each ISP
# router's gw-facing interface, so that what happens after the gateway costs the same in every configuration.
bl_install_sinks()
{
    local pair node dev file
    for pair in isp1:i1g isp2:i2g; do
        node=${pair%%:*}
        dev=${pair#*:}
        file=$RES/sink-$node.nft
        cat >"$file" <<EOF
table netdev bench_sink {
    chain in {
        type filter hook ingress device "$dev" priority -10; policy accept;
        udp dport 9 counter drop
    }
}
EOF
        bench_record ip netns exec "$(lab_ns "$node")" nft -f "$file"
        lab_in "$node" nft -f "$file"
    done
}

# Packets counted by the sink of an ISP (isp1 or isp2).
bl_sink_packets()
{
    lab_in "$1" nft list chain netdev bench_sink in | grep -o 'packets [0-9]*' | head -n 1 | cut -d' ' -f2
}

bl_unshape()
{
    local pair
    for pair in isp1:i1g isp1:i1s isp2:i2g isp2:i2s; do
        bench_record ip netns exec "$(lab_ns "${pair%%:*}")" tc qdisc del dev "${pair#*:}" root
        lab_in "${pair%%:*}" tc qdisc del dev "${pair#*:}" root 2>/dev/null || true
    done
}

bl_shape()
{
    local pair
    for pair in isp1:i1g isp1:i1s isp2:i2g isp2:i2s; do
        bench_record ip netns exec "$(lab_ns "${pair%%:*}")" tc qdisc replace dev "${pair#*:}" root tbf rate "$1" \
            burst 32kb latency 50ms
    done
    lab_shape "$1"
}

# The lab's mode switch (scripts/lab.sh mode), recorded as the command that does the same.
bl_mode()
{
    bench_record "LAB_ID=$LAB_ID" scripts/lab.sh mode "$1"
    lab_set_mode "$1"
}

# Receive packet steering of gw's lan to CPU1 (mask 2) or off (0): the kernel forwarder then runs on CPU1, away
# from the generator on CPU0, as the userspace gateway does (lab-recipes.md section 6).
bl_rps()
{
    bench_record ip netns exec "$(lab_ns gw)" sh -c "echo $1 > /sys/class/net/lan/queues/rx-0/rps_cpus"
    lab_in gw sh -c "echo $1 > /sys/class/net/lan/queues/rx-0/rps_cpus"
}

# ---- the gateway ------------------------------------------------------------------------------------------------

# The gateway's configuration for the benchmark: the lab's, with its own run and journal directories, the worker
# pinned to CPU1, and 192.0.2.3 pinned to isp2 (draft section 2.1): a clean way to steer the generator's frames
# onto the NAT path, because a source pin is deterministic where weights only skew a hash.
bl_gateway_config()
{
    local file=$RES/gateway.properties
    sed -e "s|^run.dir=.*|run.dir=$TMP/gw/run|" -e "s|^journal.dir=.*|journal.dir=$TMP/gw/journal|" \
        config/lab.properties >"$file"
    cat >>"$file" <<EOF

# scripts/bench.sh: worker pinned to CPU$BL_FWD_CPU (the generator runs on CPU0); the NAT path's test source pinned
# to isp2.
engine.cpus=$BL_FWD_CPU
path.isp2.sources=$BL_PINNED_ADDR/32
EOF
    printf '%s\n' "$file"
}

# The same configuration with engine.idle=spin (lowest latency, the worker's CPU always busy), for the RTT runs.
bl_gateway_spin_config()
{
    local file=$RES/gateway-spin.properties
    cat "$1" >"$file"
    printf '\n# scripts/bench.sh: the latency configuration of the RTT runs.\nengine.idle=spin\n' >>"$file"
    printf '%s\n' "$file"
}

# Starts the gateway in gw (inline mode) and waits until /ready answers 200 (at most 60 s). Every start gets an
# empty run and journal directory: no warm restart carries sessions from one measurement into the next.
bl_gateway_start()
{
    local config=$1 i code started
    mkdir -p "$RES/logs"
    rm -rf "$TMP/gw"
    started=$(date +%s%N)
    bench_log "starting the gateway"
    bench_record ip netns exec "$(lab_ns gw)" nice -n "$NICE" ./mptcp-gateway run -c "$config"
    timeout -s TERM --kill-after=20 1800 ip netns exec "$(lab_ns gw)" nice -n "$NICE" ./mptcp-gateway run \
        -c "$config" >>"$RES/logs/gateway.log" 2>&1 &
    BL_GW_PID=$!
    BENCH_PIDS+=("$BL_GW_PID")
    for i in $(seq 1 300); do
        code=$(lab_in gw curl -s -o /dev/null -w '%{http_code}' --max-time 2 http://127.0.0.1:9464/ready || true)
        if [[ $code == 200 ]]; then
            # timeout's child is the JVM (ip netns exec, nice and the launcher all exec): its CPU time is the
            # gateway's.
            BL_GW_JAVA_PID=$(pgrep -P "$BL_GW_PID" | head -n 1)
            bench_log "gateway ready after $(( ($(date +%s%N) - started) / 1000000 )) ms (pid $BL_GW_JAVA_PID)"
            return 0
        fi
        kill -0 "$BL_GW_PID" 2>/dev/null || break
        sleep 0.2
    done
    tail -n 20 "$RES/logs/gateway.log" >&2 || true
    bench_fail "the gateway did not become ready within 60 s"
}

# SIGTERM, then wait (at most 30 s): on its way out the gateway undoes the kernel isolation of gw.
bl_gateway_stop()
{
    [[ -n $BL_GW_PID ]] || return 0
    kill -TERM "${BL_GW_JAVA_PID:-$BL_GW_PID}" 2>/dev/null || true
    local i
    for i in $(seq 1 300); do
        kill -0 "$BL_GW_PID" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$BL_GW_PID" 2>/dev/null; then
        bench_log "the gateway did not stop within 30 s: killing it"
        [[ -n $BL_GW_JAVA_PID ]] && kill -KILL "$BL_GW_JAVA_PID" 2>/dev/null
        kill -KILL "$BL_GW_PID" 2>/dev/null || true
    fi
    wait "$BL_GW_PID" 2>/dev/null || true
    bench_reap "$BL_GW_PID"
    BL_GW_PID=""
    BL_GW_JAVA_PID=""
}

# One scrape of the metrics endpoint (in gw's namespace); prints the text.
bl_scrape()
{
    lab_in gw curl -s --max-time 5 "$BL_METRICS_URL"
}

# ---- rate -------------------------------------------------------------------------------------------------------

bl_cpu_sample()
{
    awk '/^cpu[01] /{print $1, $2+$3+$4+$6+$7+$8, $5}' /proc/stat
}

bl_busy()
{
    paste -d' ' <(echo "$1") <(echo "$2") | awk '{b=$5-$2; i=$6-$3; printf "%s=%.0f%% ", $1, 100*b/(b+i)}'
}

# CPU ticks spent forwarding: the gateway process ($1), or CPU1's system+irq+softirq time for the kernel.
bl_forwarding_ticks()
{
    if [[ -n ${1:-} ]]; then
        awk '{print $14 + $15}' "/proc/$1/stat"
    else
        awk -v cpu="cpu$BL_FWD_CPU" '$1 == cpu {print $4 + $7 + $8}' /proc/stat
    fi
}

# The generator (PortBlaster: 60-byte UDP frames, TX ring, waits when the ring is full) in host, pinned to CPU0,
# for $1 seconds. Args: seconds dst-mac src-ip.
bl_blaster_start()
{
    local seconds=$1 mac=$2 src=$3
    bench_record ip netns exec "$(lab_ns host)" nice -n "$NICE" taskset -c 0 "${JAVA[@]}" \
        org.mptcpgw.bench.port.PortBlaster --interface h0 --dst-mac "$mac" --src-ip "$src" \
        --dst-ip "$LAB_SERVICE_ADDR" --seconds "$seconds"
    timeout --kill-after=5 $((${seconds%.*} + 30)) ip netns exec "$(lab_ns host)" nice -n "$NICE" taskset -c 0 \
        "${JAVA[@]}" org.mptcpgw.bench.port.PortBlaster --interface h0 --dst-mac "$mac" --src-ip "$src" \
        --dst-ip "$LAB_SERVICE_ADDR" --seconds "$seconds" >>"$RES/logs/blaster.log" 2>&1 &
    BL_BLASTER_PID=$!
    BENCH_PIDS+=("$BL_BLASTER_PID")
}

# Measures the sink of an ISP over $2 seconds. Prints "mpps cpu-ns-per-frame busy". Args: isp seconds [gw pid].
bl_window()
{
    local isp=$1 seconds=$2 pid=${3:-} c1 c2 t1 t2 s1 s2 f1 f2 hz
    hz=$(getconf CLK_TCK)
    c1=$(bl_sink_packets "$isp"); t1=$(date +%s%N); s1=$(bl_cpu_sample); f1=$(bl_forwarding_ticks "$pid")
    sleep "$seconds"
    c2=$(bl_sink_packets "$isp"); t2=$(date +%s%N); s2=$(bl_cpu_sample); f2=$(bl_forwarding_ticks "$pid")
    awk -v c=$((c2 - c1)) -v t=$((t2 - t1)) -v f=$((f2 - f1)) -v hz="$hz" \
        'BEGIN{printf "%.4f %.0f ", c / (t / 1e3), (c > 0 ? f / hz * 1e9 / c : 0)}'
    bl_busy "$s1" "$s2"
    echo
}

# One rate measurement: the generator runs for RATE_WARMUP + SECS + 1 s; the sink is read over SECS s starting
# RATE_WARMUP s in. Args: config-label dst-mac src-ip isp [gw pid]. Appends to the rate rows.
bl_rate()
{
    local cfg=$1 mac=$2 src=$3 isp=$4 pid=${5:-} r mpps ns busy
    bl_blaster_start "$(awk -v s="$RATE_SECS" -v w="$RATE_WARMUP" 'BEGIN{print s + w + 1}')" "$mac" "$src"
    sleep "$RATE_WARMUP"
    r=$(bl_window "$isp" "$RATE_SECS" "$pid")
    wait "$BL_BLASTER_PID" || bench_fail "the generator failed (see $RES/logs/blaster.log)"
    bench_reap "$BL_BLASTER_PID"
    read -r mpps ns busy <<<"$r"
    bench_log "rate $cfg: $mpps Mpps, $ns ns/frame on the forwarding side, $busy"
    awk -v m="$mpps" 'BEGIN{exit !(m > 0)}' || bench_fail "rate $cfg: nothing reached the sink"
    bench_kv_append "rate.$cfg.rounds" "$mpps"
    bench_kv_append "rate.$cfg.ns_per_frame" "$ns"
    bench_kv "rate.$cfg.cpu" "$busy"
}

# ---- RTT --------------------------------------------------------------------------------------------------------

# Ping from the host to the service address at no other load. Args: config-label source-address count.
# ping runs on CPU0 (the generator's CPU): the lab's end hosts share this machine with the forwarder, and a ping
# scheduled on the forwarding CPU would wait behind a spinning worker, which a separate host never does.
bl_rtt()
{
    local cfg=$1 src=$2 count=$3 out
    # Warm-up, not measured: ARP entries, and a freshly started gateway's JIT compiles the path of these frames.
    timeout 20 ip netns exec "$(lab_ns host)" ping -c "$PING_WARMUP" -i 0.002 -W 1 -q -I "$src" "$LAB_SERVICE_ADDR" \
        >/dev/null 2>&1 || true
    bench_record ip netns exec "$(lab_ns host)" taskset -c 0 ping -c "$count" -i 0.01 -W 1 -I "$src" \
        "$LAB_SERVICE_ADDR"
    out=$(timeout $((count / 50 + 20)) ip netns exec "$(lab_ns host)" taskset -c 0 ping -c "$count" -i 0.01 -W 1 \
        -I "$src" \
        "$LAB_SERVICE_ADDR" | grep -o 'time=[0-9.]*' | cut -d= -f2 | sort -n |
        awk -v n="$count" '{v[NR] = $1} END {
            if (NR == 0) { print "0 0 0"; exit }
            printf "%.0f %.0f %d\n", v[int((NR - 1) * 0.5) + 1] * 1000, v[int((NR - 1) * 0.99) + 1] * 1000, NR }' ||
        true)
    local p50 p99 received
    read -r p50 p99 received <<<"${out:-0 0 0}"
    bench_log "rtt $cfg: p50 $p50 us, p99 $p99 us, $received of $count answered"
    [[ ${received:-0} -gt 0 ]] || bench_fail "rtt $cfg: no ping answered"
    bench_kv "rtt.$cfg.p50_us" "$p50"
    bench_kv "rtt.$cfg.p99_us" "$p99"
    bench_kv "rtt.$cfg.received" "$received/$count"
}

# ---- configurations of the rate and RTT runs -------------------------------------------------------------------

bl_kernel_bridge()
{
    bl_mode bridge
    bl_rps "$BL_RPS_MASK"
    bl_rate kernel_bridge "$BL_ISP1_ROUTER_MAC" "$BL_HOST_ADDR" isp1
    # RTT with RPS off: the kernel's default, and its lowest latency (RPS hands each frame to the other CPU).
    bl_rps 0
    if [[ $1 == 1 ]]; then
        bl_rtt kernel_bridge "$BL_HOST_ADDR" "$PINGS"
    fi
}

# Router mode without any nft rule: plain IPv4 routing, no conntrack. isp1 gets a route back to the LAN prefix
# for the pings (there is no masquerade), removed again afterwards.
bl_kernel_router()
{
    bl_mode router
    bench_record ip netns exec "$(lab_ns gw)" nft flush ruleset
    lab_in gw nft flush ruleset
    bench_record ip -n "$(lab_ns isp1)" route replace 192.0.2.0/24 via 198.51.100.66 dev i1g
    lab_ip isp1 route replace 192.0.2.0/24 via 198.51.100.66 dev i1g
    bl_rps "$BL_RPS_MASK"
    bl_rate kernel_router "$BL_GW_LAN_MAC" "$BL_HOST_ADDR" isp1
    # RTT with RPS off: the kernel's default, and its lowest latency (RPS hands each frame to the other CPU).
    bl_rps 0
    if [[ $1 == 1 ]]; then
        bl_rtt kernel_router "$BL_HOST_ADDR" "$PINGS"
    fi
    lab_ip isp1 route del 192.0.2.0/24 via 198.51.100.66 dev i1g 2>/dev/null || true
}

# The do-it-yourself kernel baseline: router mode with the nftables MP_JOIN steering and masquerade per uplink.
bl_kernel_nft()
{
    bl_mode router
    bl_rps "$BL_RPS_MASK"
    bl_rate kernel_nft "$BL_GW_LAN_MAC" "$BL_HOST_ADDR" isp1
    # RTT with RPS off: the kernel's default, and its lowest latency (RPS hands each frame to the other CPU).
    bl_rps 0
    if [[ $1 == 1 ]]; then
        bl_rtt kernel_nft "$BL_HOST_ADDR" "$PINGS"
    fi
}

# The gateway: pass-through (host -> server on the primary, bridged unchanged to wan1) and NAT path (frames from
# the pinned source, translated to 198.51.100.2 and sent out of wan2), then, in the last round, the scrape cost.
bl_gateway_rates()
{
    local round=$1 last=$2
    bl_mode inline
    bl_gateway_start "$GW_CONFIG"
    bl_rate gw_pass "$BL_ISP1_ROUTER_MAC" "$BL_HOST_ADDR" isp1 "$BL_GW_JAVA_PID"
    bl_rate gw_nat "$BL_ISP1_ROUTER_MAC" "$BL_PINNED_ADDR" isp2 "$BL_GW_JAVA_PID"
    if [[ $round == 1 ]]; then
        bl_rtt gw_pass "$BL_HOST_ADDR" "$PINGS"
        bl_rtt gw_nat "$BL_PINNED_ADDR" "$PINGS"
    fi
    if [[ $last == 1 ]]; then
        bl_scrape_cost
    fi
    bl_gateway_counters_check
    bl_gateway_stop
    if [[ $round == 1 ]]; then
        # The latency configuration: an idle worker spins instead of sleeping in poll(), so no frame waits for a
        # thread wake-up (tens of microseconds on this VM, once per direction).
        bl_gateway_start "$GW_SPIN_CONFIG"
        # Warm-up, not measured, as the poll-mode gateway had in its rate runs: the JIT compiles the forwarding path
        # after thousands of frames, not after a few hundred pings. (Not in quick mode, whose RTTs are not judged:
        # it stays under two minutes.)
        local src warm_sources=("$BL_HOST_ADDR" "$BL_PINNED_ADDR")
        [[ $QUICK == 1 ]] && warm_sources=()
        for src in "${warm_sources[@]}"; do
            bl_blaster_start 1 "$BL_ISP1_ROUTER_MAC" "$src"
            wait "$BL_BLASTER_PID" 2>/dev/null || true
            bench_reap "$BL_BLASTER_PID"
        done
        bl_rtt gw_pass_spin "$BL_HOST_ADDR" "$PINGS"
        bl_rtt gw_nat_spin "$BL_PINNED_ADDR" "$PINGS"
        bl_gateway_stop
    fi
}

# The gateway's own view of the rate runs: what it dropped, and the ring drops, for the report.
bl_gateway_counters_check()
{
    local text
    text=$(bl_scrape) || return 0
    bench_kv "gw.ring_drops" "$(awk '/^gateway_port_ring_dropped_packets_total/ {s += $2} END {printf "%.0f", s}' \
        <<<"$text")"
    bench_kv "gw.dropped" "$(awk '/^gateway_dropped_packets_total/ {s += $2} END {printf "%.0f", s}' <<<"$text")"
}

# Forwarding rate through the gateway's pass-through with a Prometheus-style scrape every second against
# without, in alternating windows of one generator run (ABBA order, so that a drift of background load cancels).
bl_scrape_cost()
{
    local windows=("off" "on" "on" "off" "off" "on" "on" "off") total w r mpps rest scraper i
    [[ $QUICK == 1 ]] && windows=("off" "on")
    # The first scrapes of a fresh JVM load and compile the exposition code (at the gateway's nice -20, on both
    # CPUs); a scraped gateway is past that, so it is done before measuring.
    for i in 1 2 3 4 5; do
        bl_scrape >/dev/null || true
        sleep 0.2
    done
    # The generator gets ample time (each window also spends a moment reading the sink and starting the scraper)
    # and is stopped after the last window.
    total=$(awk -v n=${#windows[@]} -v s="$SCRAPE_SECS" -v w="$RATE_WARMUP" 'BEGIN{print n * (s + 2) + w + 5}')
    bl_blaster_start "$total" "$BL_ISP1_ROUTER_MAC" "$BL_HOST_ADDR"
    sleep "$RATE_WARMUP"
    for w in "${windows[@]}"; do
        scraper=""
        if [[ $w == on ]]; then
            ( for i in $(seq 1 600); do
                  lab_in gw curl -s -o /dev/null --max-time 5 -w '%{time_total}\n' "$BL_METRICS_URL" \
                      >>"$TMP/scrape-times.txt" || true
                  sleep 1
              done ) &
            scraper=$!
            BENCH_PIDS+=("$scraper")
        fi
        r=$(bl_window isp1 "$SCRAPE_SECS" "$BL_GW_JAVA_PID")
        if [[ -n $scraper ]]; then
            kill "$scraper" 2>/dev/null || true
            wait "$scraper" 2>/dev/null || true
            bench_reap "$scraper"
        fi
        read -r mpps rest <<<"$r"
        bench_log "scrape $w: $mpps Mpps"
        kill -0 "$BL_BLASTER_PID" 2>/dev/null || bench_fail "the generator ended before the scrape windows did"
        awk -v m="$mpps" 'BEGIN{exit !(m > 0)}' || bench_fail "scrape test: nothing reached the sink"
        bench_kv_append "scrape.$w.windows" "$mpps"
    done
    kill -TERM "$BL_BLASTER_PID" 2>/dev/null || true
    wait "$BL_BLASTER_PID" 2>/dev/null || true
    bench_reap "$BL_BLASTER_PID"
    if [[ -s $TMP/scrape-times.txt ]]; then
        bench_kv "scrape.seconds" "$(sort -n "$TMP/scrape-times.txt" |
            awk '{v[NR] = $1} END {printf "%.4f", v[int((NR + 1) / 2)]}')"
        bench_kv "scrape.count" "$(wc -l <"$TMP/scrape-times.txt")"
    fi
    bench_kv "scrape.bytes" "$(bl_scrape | wc -c)"
}

# ---- goodput ----------------------------------------------------------------------------------------------------

# One iperf3 run; appends the goodput to goodput.<cfg>.<dir>.runs. Args: cfg dir function args...
bl_goodput()
{
    local cfg=$1 dir=$2 out mbps sub cli
    shift 2
    # The same run through the lab's command line: lab.sh iperf --seconds S [--reverse] [--plain-via ispN].
    cli=(scripts/lab.sh iperf --seconds "$GOODPUT_SECS")
    [[ $dir == down ]] && cli+=(--reverse)
    [[ $1 == lab_tcp_plain_via ]] && cli+=(--plain-via "$2")
    bench_record "LAB_ID=$LAB_ID" "${cli[@]}"
    out=$("$@") || bench_fail "goodput $cfg $dir: iperf3 failed"
    mbps=$(sed -n 's/.*goodput_mbps=\([0-9.]*\).*/\1/p' <<<"$out")
    sub=$(sed -n 's/.*subflows=\([0-9]*\).*/\1/p' <<<"$out")
    bench_log "goodput $cfg $dir: $mbps Mbit/s, $sub subflow(s)"
    awk -v m="${mbps:-0}" 'BEGIN{exit !(m > 0)}' || bench_fail "goodput $cfg $dir: zero goodput"
    bench_kv_append "goodput.$cfg.$dir.runs" "$mbps"
    bench_kv_append "goodput.$cfg.$dir.subflows" "$sub"
}

# One round of the goodput comparison over the shaped links: plain TCP over each link alone and MPTCP through the
# nftables baseline (router mode), then MPTCP through the gateway (inline mode). Arg: 1 to leave the gateway
# running (the failover transfer follows).
bl_goodput_round()
{
    local keep=$1 dir rev
    bl_mode router
    for dir in up down; do
        rev=""
        [[ $dir == down ]] && rev=reverse
        bl_goodput isp1 "$dir" lab_tcp_plain_via isp1 "$GOODPUT_SECS" $rev
        bl_goodput isp2 "$dir" lab_tcp_plain_via isp2 "$GOODPUT_SECS" $rev
        bl_goodput nft "$dir" lab_iperf_mptcp "$GOODPUT_SECS" $rev
    done
    bl_mode inline
    bl_gateway_start "$GW_CONFIG"
    for dir in up down; do
        rev=""
        [[ $dir == down ]] && rev=reverse
        bl_goodput gateway "$dir" lab_iperf_mptcp "$GOODPUT_SECS" $rev
    done
    if [[ $keep != 1 ]]; then
        bl_gateway_stop
    fi
}

# ---- link failure -----------------------------------------------------------------------------------------------

# Prints "isp1_out isp1_in isp2_out isp2_in" from a scrape of gateway_path_bytes_total.
bl_path_bytes()
{
    bl_scrape | awk '
        /^gateway_path_bytes_total/ {
            key = ""
            if ($0 ~ /path="isp1"/) key = "isp1"; else if ($0 ~ /path="isp2"/) key = "isp2"
            if ($0 ~ /direction="out"/) key = key "_out"; else key = key "_in"
            v[key] = $NF
        }
        END { printf "%.0f %.0f %.0f %.0f\n", v["isp1_out"], v["isp1_in"], v["isp2_out"], v["isp2_in"] }'
}

# One MPTCP upload through the gateway for FAIL_SECS; isp2's link goes down at FAIL_DOWN_AT for FAIL_DOWN_FOR
# seconds; gateway_path_bytes_total is sampled every 0.5 s into failover.csv. Uses the running gateway, if any.
bl_failover()
{
    local csv=$RES/failover.csv start now t k=0 down_done=0 up_done=0 iperf out
    if [[ -z $BL_GW_PID ]]; then
        bl_mode inline
        bl_gateway_start "$GW_CONFIG"
    fi
    echo "t_s,isp1_out,isp1_in,isp2_out,isp2_in" >"$csv"
    bench_record "LAB_ID=$LAB_ID" scripts/lab.sh iperf --seconds "$FAIL_SECS"
    lab_iperf_mptcp "$FAIL_SECS" >"$TMP/failover-iperf.txt" 2>>"$RES/logs/failover.log" &
    iperf=$!
    BENCH_PIDS+=("$iperf")
    start=$(date +%s%N)
    while kill -0 "$iperf" 2>/dev/null && [[ $k -lt $((FAIL_SECS * 2 + 60)) ]]; do
        now=$(date +%s%N)
        t=$(awk -v a="$start" -v b="$now" 'BEGIN{printf "%.2f", (b - a) / 1e9}')
        echo "$t,$(bl_path_bytes | tr ' ' ',')" >>"$csv"
        if [[ $down_done == 0 ]] && awk -v t="$t" -v d="$FAIL_DOWN_AT" 'BEGIN{exit !(t >= d)}'; then
            bench_record ip -n "$(lab_ns isp2)" link set i2g down
            lab_ip isp2 link set i2g down
            bench_kv failover.down_s "$t"
            down_done=1
        elif [[ $down_done == 1 && $up_done == 0 ]] &&
            awk -v t="$t" -v u="$(awk -v d="$FAIL_DOWN_AT" -v f="$FAIL_DOWN_FOR" 'BEGIN{print d + f}')" \
                'BEGIN{exit !(t >= u)}'; then
            bench_record ip -n "$(lab_ns isp2)" link set i2g up
            lab_ip isp2 link set i2g up
            bench_kv failover.up_s "$t"
            up_done=1
        fi
        k=$((k + 1))
        # Next sample 0.5 s after the previous target, whatever the scrape took.
        sleep "$(awk -v s="$start" -v k="$k" -v n="$(date +%s%N)" \
            'BEGIN{d = (s + k * 5e8 - n) / 1e9; printf "%.3f", (d > 0 ? d : 0)}')"
    done
    [[ $up_done == 1 ]] || lab_ip isp2 link set i2g up || true
    wait "$iperf" || bench_fail "failover: the transfer failed (see $RES/logs/failover.log)"
    bench_reap "$iperf"
    out=$(cat "$TMP/failover-iperf.txt")
    bench_log "failover transfer: $out"
    bench_kv failover.seconds "$FAIL_SECS"
    bench_kv failover.goodput_mbps "$(sed -n 's/.*goodput_mbps=\([0-9.]*\).*/\1/p' <<<"$out")"
    bench_kv failover.resets "$(bl_scrape |
        awk '/^gateway_mptcp_subflow_resets_total/ {s += $2} END {printf "%.0f", s}')"
    bl_gateway_stop
}
