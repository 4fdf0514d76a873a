#!/usr/bin/env bash
# The partitioned ring's figures for docs/benchmarks.md, in one run on one 5-node launcher cluster at N=3:
#   1. latency of puts and gets at R=W=1 against R=2 / W=2 (one call in flight, then 64), sent to a replica;
#   2. the time for a sixth node to join the ring once it holds KEYS keys, and for it to leave again;
#   3. hinted handoff: with three adjacent nodes stopped, writes through n1 to their keys become hints;
#      the rate at which n1 hands them off once they are back.
# Usage: bench/ring-figures.sh [KEYS [SECTIONS]]   (default 1000000 and 123: which of the three to run).
# bin/vkv builds the jar when it is missing or stale.
set -euo pipefail
cd "$(dirname "$0")/.."
KEYS=${1:-1000000}
SECTIONS=${2:-123}
VKV=bin/vkv
DIR=$(mktemp -d /tmp/vkv-ring-figures.XXXXXX)
PORT=${PORT:-17101}
N1=127.0.0.1:$PORT
trap '$VKV cluster down --purge --dir "$DIR" >/dev/null 2>&1 || true' EXIT

hints_of_n1() { $VKV cluster status --json --dir "$DIR" | grep -o '"id":"n1"[^}]*"hinted_keys":[0-9]*' | grep -o '[0-9]*$'; }
millis() { date +%s%3N; }

echo "# cluster: 5 nodes, N=3, $(nproc) cores"
$VKV cluster up --nodes 5 --replicas 3 --base-port "$PORT" --dir "$DIR" >/dev/null

if [[ $SECTIONS == *1* ]]; then
echo "# 1. quorum latency (bench --route: each call straight to a replica)"
for inflight in 1 64; do
  for q in "" "--w 2"; do
    echo "put in-flight $inflight ${q:-w=1}: $($VKV bench --node $N1 --route --mode put --in-flight $inflight --duration 10s --warmup 5s --json $q)"
  done
  for q in "" "--r 2"; do
    echo "get in-flight $inflight ${q:-r=1}: $($VKV bench --node $N1 --route --mode get --in-flight $inflight --duration 10s --warmup 5s --json $q)"
  done
done
fi

if [[ $SECTIONS == *2* ]]; then
echo "# 2. join and leave with $KEYS keys"
FILE=$DIR/keys.tsv
awk -v n="$KEYS" 'BEGIN { for (i = 0; i < n; i++) printf "key-%d\tvalue-%d-0123456789012345678901234567890123456789012345678901234567890123456789\n", i, i }' > "$FILE"
start=$(millis)
$VKV load "$FILE" --blind --batch 1000 --node $N1 >/dev/null
echo "loaded $KEYS keys in $(( $(millis) - start )) ms"
$VKV cluster join n6 --dir "$DIR"
$VKV cluster status --dir "$DIR" | awk '{ print $1, $5, $6 }'
$VKV cluster leave n6 --dir "$DIR"
fi

if [[ $SECTIONS == *3* ]]; then
echo "# 3. hinted handoff"
for n in n2 n3 n4; do $VKV cluster stop $n --dir "$DIR" >/dev/null; done
$VKV bench --node $N1 --mode put --in-flight 64 --duration 20s --warmup 1s --keys 200000 >/dev/null 2>&1 || true
hinted=$(hints_of_n1)
echo "n1 holds $hinted hinted keys"
for n in n2 n3 n4; do $VKV cluster start $n --dir "$DIR" >/dev/null; done
start=$(millis) # the replicas serve again (each start returns once its node answers): handoff runs from here
while [ "$(hints_of_n1)" != "0" ]; do sleep 0.1; done
elapsed=$(( $(millis) - start ))
echo "handed off $hinted hinted keys (to 3 replicas each) in $elapsed ms once the replicas served again: $(( hinted * 1000 / elapsed )) keys/s"
fi
