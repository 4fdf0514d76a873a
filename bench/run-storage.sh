#!/usr/bin/env bash
# Storage benchmarks of the durable store under its coordinator (see io.vkv.bench.StorageBench): durable puts/s under fsync
# always with 1, 16 and 64 writers (each put(...).join() in a loop), one pipelined run for the
# engine's capacity, and recovery time and heap of RECOVERY_KEYS keys in a fresh JVM.
# Usage: bench/run-storage.sh            (SECONDS_PER_RUN=5 RECOVERY_KEYS=1000000 XMX=1g by default)
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN=${SECONDS_PER_RUN:-5}
RECOVERY_KEYS=${RECOVERY_KEYS:-1000000}
XMX=${XMX:-1g}
JAR=bench/target/vkv-bench.jar

mvn -B -q -o -Dstyle.color=never package -pl bench -am -DskipTests
run() {
    java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$JAR" io.vkv.bench.StorageBench "$@" 2>/dev/null | grep '^RESULT '
}

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for writers in 1 16 64; do
    run puts --writers "$writers" --seconds "$SECONDS_PER_RUN" | tee -a "$results"
done
run puts --writers 2 --in-flight 256 --seconds "$SECONDS_PER_RUN" | tee -a "$results"
run recovery --keys "$RECOVERY_KEYS" --xmx "$XMX" | tee -a "$results"

echo
awk '
function field(name,   i, kv) { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) return kv[2] } return "-" }
/mode=puts/ {
    if (!puts++) { printf "%-28s %12s %12s %8s %8s %8s %14s\n", "durable puts (fsync always)", "puts/s", "cpu us/put", "p50 us", "p99 us", "p999 us", "raw fsync/s" }
    printf "%-28s %12s %12s %8s %8s %8s %14s\n", field("writers") " writers x " field("in_flight") " in flight", field("puts_per_s"), field("cpu_us_per_put"), field("p50_us"), field("p99_us"), field("p999_us"), field("raw_fsync_per_s")
}
/mode=load/ { load = sprintf("load %s keys: %s ms, snapshot %s ms (%s MB)", field("keys"), field("load_ms"), field("snapshot_ms"), field("snapshot_mb")) }
/mode=open/ { open = sprintf("recovery in a fresh JVM (-Xmx%s): %s keys in %s ms, heap after GC %s MB", field("xmx"), field("keys"), field("open_ms"), field("heap_mb")) }
END { print ""; print load; print open }
' "$results"
