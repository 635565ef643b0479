#!/usr/bin/env bash
# Issue #17: a bounded load test of samples/Pneumonia.WebApi. Starts the API (Release, Production) on 127.0.0.1 with the
# given model, then `Pneumonia.Bench load`: for each concurrency (1, 8, 32, 128), that many clients post X-rays to
# /predict for 60 s while one more asks /health every 100 ms; status counts, p50/p95/p99 latencies, /health latency,
# and the server's RSS before and after each level and its peak (from /proc). Stops the server at the end.
#
#   bench/run-load.sh MODEL [--seconds N] [--concurrency "1 8 32 128"] [--permits N] [--queue N] [--port N] [--bombs]
#   bench/run-load.sh MODEL --bombs --concurrency 16 --seconds 30     # issue #17's bomb flood
#
# Run it on a quiet machine only: it keeps every core busy for about 4 × 60 s. Results: bench/results/load-<date>.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."

model=${1:?usage: bench/run-load.sh MODEL [--seconds N] [--concurrency \"1 8 32 128\"] [--permits N] [--queue N] [--port N] [--bombs]}
shift
seconds=60 concurrency="1 8 32 128" port=5080 limits=() bombs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift ;;
    --concurrency) concurrency=$2; shift ;;
    --permits) limits+=("--Pneumonia:MaxConcurrentPredictions=$2"); shift ;;
    --queue) limits+=("--Pneumonia:PredictionQueueLength=$2"); shift ;;
    --port) port=$2; shift ;;
    --bombs) bombs=(--bombs) ;;
    *) echo "unknown option $1" >&2; exit 1 ;;
  esac
  shift
done

for project in samples/Pneumonia.WebApi bench/Pneumonia.Bench; do dotnet build -c Release --nologo -v quiet "$project"; done
results=bench/results/load-$(date -u +%Y%m%d-%H%M%S).jsonl
log=$(mktemp)
ASPNETCORE_ENVIRONMENT=Production dotnet samples/Pneumonia.WebApi/bin/Release/net10.0/Pneumonia.WebApi.dll \
  --urls "http://127.0.0.1:$port" --Pneumonia:ModelPath="$(realpath "$model")" "${limits[@]}" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 600); do
  grep -q "Now listening on" "$log" && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 1
done
grep -q "Now listening on" "$log" || { echo "the web API did not start within 10 minutes" >&2; cat "$log" >&2; exit 1; }

# shellcheck disable=SC2086
dotnet bench/Pneumonia.Bench/bin/Release/net10.0/Pneumonia.Bench.dll load --server "http://127.0.0.1:$port" \
  --images samples/data/chest-xray-sample "${bombs[@]}" --concurrency $concurrency --seconds "$seconds" --server-pid "$server" --json "$results"
echo "results: $results"
