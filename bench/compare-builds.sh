#!/usr/bin/env bash
# Compares two builds of vkv in one run, rounds interleaved (A B A B ...) so the machine's drift hits both:
# a lone node over gRPC (vkv bench put and get, the BEFORE build's bench client for both, so only the node
# differs) and the storage engine (StorageBench puts and recovery). Each tree must have been packaged
# (mvn -DskipTests package). Prints one RESULT line per measurement, then the medians and the ratio.
# Usage: bench/compare-builds.sh BEFORE_TREE AFTER_TREE   (ROUNDS=3 SECONDS_PER_RUN=8 RECOVERY_KEYS=500000)
set -euo pipefail
before=$(cd "$1" && pwd)
after=$(cd "$2" && pwd)
ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-8}
RECOVERY_KEYS=${RECOVERY_KEYS:-500000}
client="$before/cli/target/vkv.jar"
work=$(mktemp -d)
results="$work/results"
trap 'pkill -f "vkv-compare-node" 2>/dev/null || true; rm -rf "$work"' EXIT
quiet=(-Dorg.slf4j.simpleLogger.defaultLogLevel=warn)

grpc() { # build label
    local tree=$1 label=$2 port=7391
    local data="$work/node-$label-$RANDOM"
    java "${quiet[@]}" -Dvkv-compare-node -jar "$tree/cli/target/vkv.jar" node --id b1 --port $port --data "$data" > "$work/node.log" 2>&1 &
    local pid=$!
    for _ in $(seq 100); do java -jar "$client" get probe --node 127.0.0.1:$port > /dev/null 2>&1 && break || sleep 0.2; done
    for mode in put get; do
        java -jar "$client" bench --node 127.0.0.1:$port --mode $mode --in-flight 64 --duration ${SECONDS_PER_RUN}s --warmup 4s --json \
            | sed "s/^/RESULT build=$label bench=grpc-$mode /" | tee -a "$results"
    done
    kill $pid; wait $pid 2>/dev/null || true
}

storage() { # build label
    local tree=$1 label=$2
    for args in "--writers 64" "--writers 2 --in-flight 256"; do
        java "${quiet[@]}" -cp "$tree/bench/target/vkv-bench.jar" io.vkv.bench.StorageBench puts $args --seconds 5 2>/dev/null \
            | grep '^RESULT ' | sed "s/^RESULT /RESULT build=$label bench=storage-puts /" | tee -a "$results"
    done
    java "${quiet[@]}" -cp "$tree/bench/target/vkv-bench.jar" io.vkv.bench.StorageBench recovery --keys "$RECOVERY_KEYS" 2>/dev/null \
        | grep '^RESULT ' | sed "s/^RESULT /RESULT build=$label bench=storage-recovery /" | tee -a "$results"
}

for r in $(seq "$ROUNDS"); do
    echo "round $r of $ROUNDS" >&2
    grpc "$before" before; grpc "$after" after
    storage "$before" before; storage "$after" after
done

python3 - "$results" <<'PY'
import json, re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r'RESULT build=(\w+) bench=([\w-]+) (.*)', line.strip())
    if not m:
        continue
    build, bench, rest = m.groups()
    if rest.startswith('{'):
        d = json.loads(rest)
        key, val = bench, d['ops_per_sec']
        p99 = d.get('p99_ms')
        rows.setdefault((key, 'ops/s'), {}).setdefault(build, []).append(float(val))
        if p99 is not None:
            rows.setdefault((key, 'p99 ms'), {}).setdefault(build, []).append(float(p99))
    else:
        kv = dict(p.split('=', 1) for p in rest.split())
        if 'puts_per_s' in kv:
            key = f"{bench} {kv.get('writers')}x{kv.get('in_flight')}"
            rows.setdefault((key, 'puts/s'), {}).setdefault(build, []).append(float(kv['puts_per_s']))
            rows.setdefault((key, 'cpu us/put'), {}).setdefault(build, []).append(float(kv['cpu_us_per_put']))
        for k in ('open_ms', 'heap_mb'):
            if k in kv:
                rows.setdefault((bench, k), {}).setdefault(build, []).append(float(kv[k]))
print(f"{'measure':42} {'before (median)':>16} {'after (median)':>16} {'after/before':>13}")
for (bench, what), builds in rows.items():
    b = statistics.median(builds.get('before', [float('nan')]))
    a = statistics.median(builds.get('after', [float('nan')]))
    print(f"{bench + ' ' + what:42} {b:16.1f} {a:16.1f} {a / b if b else float('nan'):13.3f}")
PY
