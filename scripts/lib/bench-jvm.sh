# shellcheck shell=bash
#
# The JVM-only measurements of scripts/bench.sh: JMH benchmarks (whole in-memory pipeline, classification with the
# MPTCP lookup, parser, NAT lookups at several table sizes), the plain allocation and GC measurement of the
# pipeline, and the session table's memory footprint. Sourced by bench.sh; expects RES, TMP, QUICK, JAVA, JAR and
# the bench_* helpers.

# JVM flags of the gateway itself (the mptcp-gateway launcher's run command): the allocation run measures under the
# same collector and heap as production.
BJ_GATEWAY_JVM=(-XX:+UseZGC -Xms256m -Xmx256m -XX:+AlwaysPreTouch -XX:MaxDirectMemorySize=4g)

# Runs JMH. Args: json-name jmh-arguments...; the results are converted to kv lines:
#   jmh.<Class>.<method>[.<param>:<value>...].score / .error / .unit / .alloc (gc.alloc.rate.norm) / .gc_count
bj_jmh()
{
    local name=$1
    shift
    local json=$RES/jmh-$name.json
    bench_record java -jar "$JAR" "$@" -rf json -rff "$json"
    bench_bg 3600 java -jar "$JAR" "$@" -rf json -rff "$json" >>"$RES/logs/jmh-$name.log" 2>&1 ||
        bench_fail "JMH run '$name' failed (see $RES/logs/jmh-$name.log)"
    jq -r '.[] |
        ("jmh." + (.benchmark | split(".") | .[-2:] | join(".")) +
            ((.params // {}) | to_entries | map("." + .key + ":" + .value) | join(""))) as $k |
        ($k + ".score=" + (.primaryMetric.score | tostring)),
        ($k + ".error=" + (.primaryMetric.scoreError | tostring)),
        ($k + ".unit=" + .primaryMetric.scoreUnit),
        ($k + ".alloc=" + ((.secondaryMetrics["gc.alloc.rate.norm"].score // "nan") | tostring)),
        ($k + ".gc_count=" + ((.secondaryMetrics["gc.count"].score // "nan") | tostring))' "$json" >>"$RES/results.kv"
}

# Pipeline, classification and parser benchmarks; the pipeline also at fewer flows for the scaling plot.
bj_jmh_pipeline()
{
    if [[ $QUICK == 1 ]]; then
        bj_jmh quick 'PipelineBenchmark|ClassifyBenchmark.mpJoinSyn' \
            -p flows=10000 -p mix=mixed -f 1 -wi 3 -w 1s -i 1 -r 1s -prof gc
        return 0
    fi
    bj_jmh pipeline PipelineBenchmark -p flows=100000 -prof gc
    bj_jmh pipeline-scale PipelineBenchmark -p flows=1000,10000 -p mix=mixed,pass -i 3 -r 2s -prof gc
    bj_jmh classify 'ClassifyBenchmark|PacketParserBenchmark' -prof gc
}

# NAT lookups at 10 k, 100 k and 1 M sessions (quick: 10 k) and the table's memory per session.
bj_sessions()
{
    local sizes=(10000 100000 1000000) n out
    if [[ $QUICK == 1 ]]; then
        sizes=(10000)
        bj_jmh nat 'NatSessionTableBenchmark.outboundEstablished$' -p sessions=10000 \
            -p hotFlows=10000 -f 1 -wi 1 -w 1s -i 1 -r 1s -prof gc
    else
        bj_jmh nat 'NatSessionTableBenchmark.(outboundEstablished|inboundEstablished|outboundEstablishedBatch)$' \
            -p sessions=10000,100000,1000000 -p hotFlows=100000 -wi 2 -w 2s -i 3 -r 2s -prof gc
    fi
    for n in "${sizes[@]}"; do
        bench_record java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -Xmx2g -cp "$JAR" \
            org.mptcpgw.bench.nat.SessionTableFootprint "$n"
        bench_bg 600 java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -Xmx2g -cp "$JAR" \
            org.mptcpgw.bench.nat.SessionTableFootprint "$n" >"$TMP/footprint.out" 2>>"$RES/logs/footprint.log" ||
            bench_fail "SessionTableFootprint $n failed"
        out=$(cat "$TMP/footprint.out")
        printf '%s\n' "$out" >>"$RES/logs/footprint.log"
        # "bytes per session             115.2 (heap 13.5 + direct 101.7)"
        read -r total heap direct < <(sed -n \
            's/^bytes per session *\([0-9.]*\) (heap \([-0-9.]*\) + direct \([-0-9.]*\)).*/\1 \2 \3/p' <<<"$out")
        [[ -n ${total:-} ]] || bench_fail "SessionTableFootprint $n: no result"
        bench_log "footprint $n sessions: $total B/session (heap $heap + direct $direct)"
        bench_kv "footprint.$n.bytes_per_session" "$total"
        bench_kv "footprint.$n.heap" "$heap"
        bench_kv "footprint.$n.direct" "$direct"
    done
}

# Bytes allocated per packet over at least 10 M packets and GC count over a run at load (60 s; quick: 10 s).
bj_allocation()
{
    local flows=100000 seconds=60 warmup=5000000 out rc=0
    if [[ $QUICK == 1 ]]; then
        flows=10000
        seconds=10
        warmup=2000000
    fi
    local cmd=(java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED "${BJ_GATEWAY_JVM[@]}" -cp "$JAR"
        org.mptcpgw.bench.pipeline.PipelineAllocation --flows "$flows" --mix mixed --packets 10000000
        --warmup-packets "$warmup" --seconds "$seconds")
    bench_record "${cmd[@]}"
    bench_bg $((seconds + 600)) "${cmd[@]}" >"$TMP/allocation.out" 2>>"$RES/logs/allocation.log" || rc=$?
    out=$(cat "$TMP/allocation.out")
    printf '%s\n' "$out" >>"$RES/logs/allocation.log"
    grep -E '^(alloc|gc)\.[a-z_.]+=' <<<"$out" | grep -v '^alloc.kind=' >>"$RES/results.kv" || true
    bench_kv alloc.flows "$flows"
    bench_kv alloc.verdict "$(sed -n 's/^verdict=//p' <<<"$out")"
    bench_kv alloc.kind "$(sed -n 's/^alloc.kind=//p' <<<"$out")"
    bench_log "allocation: $(grep -E '^(alloc.bytes|alloc.packets|gc.collections|verdict)=' <<<"$out" | tr '\n' ' ')"
    [[ $rc -eq 0 ]] || bench_fail "the pipeline allocates or collected garbage at load (see $RES/logs/allocation.log)"
}
