#!/usr/bin/env bash
# Single-image Predict(byte[]) latency (p50, p95) of the default network under three runtime situations, to show where
# its tail comes from: the .NET runtime's tiered compilation recompiles hot methods on a background thread during the
# first few hundred calls (with dynamic PGO, twice: an instrumented tier, then the optimised one), and on two cores that
# thread takes a core from libtorch's or ONNX Runtime's two compute threads.
#   first-calls      10 untimed calls, then 300 timed ones (what run-perf.sh measures)
#   warmed-up        600 untimed calls first (a service that has been running a while)
#   tiered-pgo-off   10 untimed calls, DOTNET_TieredPGO=0 (what <TieredPGO>false</TieredPGO> in the app's project sets)
# Rounds interleave the situations so that a drifting machine hits them alike.
#
#   bench/run-predict-latency.sh                                  # ResNet18, 224 px, TorchSharp and OnnxRuntime, 2 rounds
#   bench/run-predict-latency.sh --architecture ArticleCnn --rounds 1 --engines TorchSharp
#
# Results: bench/results/predict-latency-<date>.jsonl (perf's JSON plus the situation) and the medians on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

architecture=ResNet18 rounds=2 data=../shared/data/chest-xray-224/train engines="TorchSharp OnnxRuntime"
while [ $# -gt 0 ]; do
  case "$1" in
    --architecture) architecture=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --data) data=$2; shift ;;
    --engines) engines=$2; shift ;;
    *) echo "run-predict-latency.sh: unknown option $1" >&2; exit 1 ;;
  esac
  shift
done
[ -d "$data/NORMAL" ] && [ -d "$data/PNEUMONIA" ] ||
  { echo "run-predict-latency.sh: no training X-rays at $data (a folder with NORMAL/ and PNEUMONIA/); pass --data DIR" >&2; exit 2; }

dotnet build bench/Pneumonia.Bench -c Release --nologo -v q
mkdir -p bench/results
results=bench/results/predict-latency-$(date +%Y%m%d-%H%M%S).jsonl
bench=(dotnet bench/Pneumonia.Bench/bin/Release/net10.0/Pneumonia.Bench.dll perf --data "$data" --architecture "$architecture"
       --image-size 224 --batch-size 32 --warmup-batches 1 --train-batches 1 --predict-repeats 300
       --batch-images 32 --pipeline-images 32 --batch-repeats 1)
# name: untimed calls first and the environment of that situation
situations=("first-calls:10:" "warmed-up:600:" "tiered-pgo-off:10:DOTNET_TieredPGO=0")
for round in $(seq 1 "$rounds"); do
  for engine in $engines; do
    for situation in "${situations[@]}"; do
      IFS=: read -r name warmup environment <<< "$situation"
      echo "== round $round, $engine, $name" >&2
      env $environment "${bench[@]}" --engine "$engine" --predict-warmup "$warmup" 2>/dev/null |
        /usr/bin/python3 -c 'import json, sys; r = json.load(sys.stdin); r["situation"] = sys.argv[1]; print(json.dumps(r))' "$name" >> "$results"
    done
  done
done

/usr/bin/python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
engines = list(dict.fromkeys(r["engine"] for r in rows))
print(f"Predict(byte[]) p50 / p95 ms, 300 calls a run, median of the runs ({rows[0]['architecture']}, 224 px, {sys.argv[1]})")
print("| situation | " + " | ".join(engines) + " |")
print("|---|" + "---|" * len(engines))
for name in ["first-calls", "warmed-up", "tiered-pgo-off"]:
    cells = []
    for engine in engines:
        group = [r for r in rows if r["situation"] == name and r["engine"] == engine]
        p50 = statistics.median(r["predict_p50_ms"] for r in group)
        p95 = statistics.median(r["predict_p95_ms"] for r in group)
        cells.append(f"{p50:.1f} / {p95:.1f} ({len(group)} runs)")
    print(f"| {name} | " + " | ".join(cells) + " |")
PY
