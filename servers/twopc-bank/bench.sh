#!/usr/bin/env bash
# Throughput of twopc-bank on a 3-participant loopback cluster (ACCOUNTS_PER_PARTICIPANT=10 accounts each, 100 per account).
# Usage: servers/twopc-bank/bench.sh [clients] [seconds] [max-ops] [read-percent]
# Build first: mvn -q -pl servers/twopc-bank package -DskipTests
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/twopc-bank.jar"
[ -f "$jar" ] || { echo "missing $jar: run mvn -q -pl servers/twopc-bank package -DskipTests" >&2; exit 2; }
clients="${1:-16}"; seconds="${2:-10}"; maxops="${3:-200000}"; reads="${4:-0}"; per="${ACCOUNTS_PER_PARTICIPANT:-10}"
base="${BENCH_BASE_PORT:-17400}"
dir="$(mktemp -d /tmp/twopc-bench.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$dir"; }
trap cleanup EXIT
jvm=(java -XX:+UseSerialGC -Xmx256m -jar "$jar")
participants=""
for i in 1 2 3; do
  lo=$(( (i-1)*per )); hi=$(( lo+per-1 ))
  "${jvm[@]}" --role participant --id "p$i" --data-dir "$dir/p$i" --bind 127.0.0.1 --port $((base+i)) \
    --accounts "a$lo..a$hi" --initial-balance 100 --coordinator "127.0.0.1:$base" >"$dir/p$i.log" 2>&1 &
  pids+=($!)
  participants="${participants:+$participants,}p$i=127.0.0.1:$((base+i))"
done
"${jvm[@]}" --role coordinator --id c --data-dir "$dir/c" --bind 127.0.0.1 --client-port "$base" \
  --participants "$participants" >"$dir/c.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$base/balances" >/dev/null 2>&1 && break
  sleep 0.2
done
for p in "${pids[@]}"; do
  kill -0 "$p" 2>/dev/null || { echo "a node exited at startup (port in use?); logs:" >&2; tail -n 3 "$dir"/*.log >&2; exit 3; }
done
java -cp "$jar" dev.faultline.twopc.Bench --coordinator "127.0.0.1:$base" --clients "$clients" --seconds "$seconds" \
  --max-ops "$maxops" --read-percent "$reads"
