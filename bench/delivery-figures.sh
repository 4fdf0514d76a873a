#!/usr/bin/env bash
# Broker traffic per put on a partitioned ring, for docs/benchmarks.md: for each cluster size M (default 3 and 5) at
# N=3, a launcher cluster takes SECONDS of puts (bench --route, 64 in flight, after as long a bench unmeasured), and the nodes' own counters
# (vkv cluster status --json: replication.*) give the messages and payload bytes each put cost: published by the
# coordinator, delivered by the broker to the other replicas, and key states applied there. The counters of an idle
# window as long as the bench (membership heartbeats) are subtracted.
# Usage: bench/delivery-figures.sh [SECONDS [SIZES]]   (default 10 and "3 5"; BROKER=mosquitto for Mosquitto)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-10}
SIZES=${2:-3 5}
BROKER=${BROKER:-embedded}
VKV=bin/vkv
PORT=${PORT:-17201}
DIR=""
trap '[ -n "$DIR" ] && $VKV cluster down --purge --dir "$DIR" >/dev/null 2>&1 || true' EXIT

# The sums over every node of published, published_bytes, received, received_bytes and applied_keys.
totals() {
  $VKV cluster status --json --dir "$DIR" | grep -o '"replication":{[^}]*}' | awk -F'[:,}]' '
    { for (i = 2; i < NF; i += 2) { gsub(/[{"]/, "", $i); sum[$i] += $(i + 1) } }
    END { print sum["published"]+0, sum["published_bytes"]+0, sum["received"]+0, sum["received_bytes"]+0, sum["applied_keys"]+0 }'
}

echo "# $(nproc) cores, broker $BROKER, N=3, ${SECONDS_RUN}s of puts per size"
printf '%-3s %8s %10s %12s %12s %12s %14s %12s\n' M puts puts/s "msgs/put" "pub B/put" "deliv/put" "deliv B/put" "applied/put"
for m in $SIZES; do
  DIR=$(mktemp -d /tmp/vkv-delivery.XXXXXX)
  $VKV cluster up --nodes "$m" --replicas 3 --broker "$BROKER" --base-port "$PORT" --dir "$DIR" >/dev/null
  # unmeasured first: five fresh JVMs on two cores spend their first seconds compiling
  $VKV bench --node "127.0.0.1:$PORT" --route --mode put --in-flight 64 --duration "${SECONDS_RUN}s" --warmup 0s >/dev/null
  sleep 3
  read -r i0 ib0 ir0 irb0 ia0 < <(totals)
  sleep "$SECONDS_RUN"
  read -r i1 ib1 ir1 irb1 ia1 < <(totals)
  start=$(date +%s%3N)
  json=$($VKV bench --node "127.0.0.1:$PORT" --route --mode put --in-flight 64 --duration "${SECONDS_RUN}s" --warmup 0s --json)
  sleep 3 # the last batches land
  read -r p1 pb1 r1 rb1 a1 < <(totals)
  took=$(( $(date +%s%3N) - start ))
  puts=$(grep -o '"ops":[0-9]*' <<<"$json" | grep -o '[0-9]*$')
  rate=$(grep -o '"ops_per_sec":[0-9]*' <<<"$json" | grep -o '[0-9]*$')
  # idle traffic (membership heartbeats), scaled from the idle window to the bench's, is subtracted
  awk -v m="$m" -v puts="$puts" -v rate="$rate" -v scale="$(awk -v t="$took" -v s="$SECONDS_RUN" 'BEGIN { print t / (s * 1000) }')" \
      -v p="$((p1 - i1))" -v pb="$((pb1 - ib1))" -v r="$((r1 - ir1))" -v rb="$((rb1 - irb1))" -v a="$((a1 - ia1))" \
      -v ip="$((i1 - i0))" -v ipb="$((ib1 - ib0))" -v ir="$((ir1 - ir0))" -v irb="$((irb1 - irb0))" 'BEGIN {
        printf "%-3s %8d %10d %12.3f %12.1f %12.3f %14.1f %12.3f\n", m, puts, rate, (p - ip * scale) / puts, (pb - ipb * scale) / puts,
               (r - ir * scale) / puts, (rb - irb * scale) / puts, a / puts }'
  $VKV cluster down --purge --dir "$DIR" >/dev/null
  DIR=""
done
