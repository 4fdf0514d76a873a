#!/usr/bin/env bash
# What TLS, client certificates and tokens cost, for docs/benchmarks.md: a plaintext and a secure one-node cluster
# (vkv cluster up, then cluster up --secure) side by side on this machine, vkv bench puts and gets against each in
# turn, ROUNDS times, so both see the same machine state. Reports each run's JSON line; compare ratios within a run.
# Usage: bench/tls-figures.sh [ROUNDS [SECONDS]]   (default 3 rounds of 10 s per mode and cluster).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
SECS=${2:-10}
VKV=bin/vkv
PLAIN=$(mktemp -d /tmp/vkv-tls-plain.XXXXXX)
SECURE=$(mktemp -d /tmp/vkv-tls-secure.XXXXXX)
trap '$VKV cluster down --purge --dir "$PLAIN" >/dev/null 2>&1 || true; $VKV cluster down --purge --dir "$SECURE" >/dev/null 2>&1 || true' EXIT

echo "# $(nproc) cores; one node each, embedded broker; bench: 64 calls in flight, 100-byte values"
$VKV cluster up --nodes 1 --base-port 17301 --broker embedded --dir "$PLAIN" >/dev/null
$VKV cluster up --secure --nodes 1 --base-port 17401 --broker embedded --dir "$SECURE" >/dev/null
for round in $(seq "$ROUNDS"); do
  for mode in put get; do
    echo "round $round $mode plain:  $($VKV bench --node 127.0.0.1:17301 --dir "$PLAIN" --mode $mode --duration "${SECS}s" --warmup 3s --json)"
    echo "round $round $mode secure: $($VKV bench --node 127.0.0.1:17401 --dir "$SECURE" --mode $mode --duration "${SECS}s" --warmup 3s --json)"
  done
done
