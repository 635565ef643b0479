#!/usr/bin/env bash
# Batch-scoring throughput of `pneumonia score` (issue #15): images/s per 2 cores with the int8 engine and the shipped
# model, over the Kaggle training folder (5,216 X-rays), the model loaded once per run. Each run pins the worker to two
# cores (taskset) and starts from an empty score file; the rate is the CLI's own (images scored / seconds since the model
# was loaded, from its last progress line), and the wall time includes loading. Target: >= 150 images/s.
#
#   bench/run-score.sh                                        # OnnxRuntimeInt8, batch 64, cores 0-1, 3 runs
#   bench/run-score.sh --engine OnnxRuntime --batch-size 32 --runs 1
#   bench/run-score.sh --shards 2 --cores "0 1"               # two shard workers at once, one core each (the sum is the figure)
#
# Results: bench/results/score-<date>.jsonl (one line per run and worker) and a summary on stdout. Run it on a quiet
# machine: it keeps the chosen cores busy for about a minute per run.
set -euo pipefail
cd "$(dirname "$0")/.."

engine=OnnxRuntimeInt8 batch=64 runs=3 shards=1 cores="0-1" data=../shared/data/chest-xray-224/train model=""
while [ $# -gt 0 ]; do
  case "$1" in
    --engine) engine=$2; shift ;;
    --batch-size) batch=$2; shift ;;
    --runs) runs=$2; shift ;;
    --shards) shards=$2; shift ;;
    --cores) cores=$2; shift ;;
    --data) data=$2; shift ;;
    --model) model=$2; shift ;;
    *) echo "run-score.sh: unknown option $1" >&2; exit 1 ;;
  esac
  shift
done
[ -d "$data" ] || { echo "run-score.sh: no X-rays at $data; pass --data DIR" >&2; exit 2; }

dotnet build samples/Pneumonia.Cli -c Release --nologo -v q
cli=(dotnet samples/Pneumonia.Cli/bin/Release/net10.0/pneumonia.dll)
mkdir -p bench/results
results=bench/results/score-$(date +%Y%m%d-%H%M%S).jsonl
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
model_args=()
[ -n "$model" ] && model_args=(--model "$model")
read -r -a core_sets <<< "$cores"

for run in $(seq 1 "$runs"); do
  pids=()
  for shard in $(seq 0 $((shards - 1))); do
    set_=${core_sets[$((shard % ${#core_sets[@]}))]}
    out="$work/run$run-shard$shard.csv"
    rm -f "$out"
    (
      start=$(date +%s.%N)
      OMP_WAIT_POLICY=PASSIVE taskset -c "$set_" "${cli[@]}" score "$data" --output "$out" --engine "$engine" \
        --batch-size "$batch" --shard "$shard/$shards" "${model_args[@]}" 2> "$out.log"
      end=$(date +%s.%N)
      /usr/bin/python3 - "$out" "$out.log" "$start" "$end" "$run" "$shard" "$shards" "$set_" "$engine" "$batch" <<'PY' >> "$results"
import json, re, sys
out, log, start, end, run, shard, shards, cores, engine, batch = sys.argv[1:]
rows = sum(1 for _ in open(out)) - 1
rates = re.findall(r"([0-9.]+) images/s", open(log).read())
print(json.dumps({"run": int(run), "shard": int(shard), "shards": int(shards), "cores": cores, "engine": engine,
                  "batch_size": int(batch), "images": rows, "images_per_s": float(rates[-1]) if rates else None,
                  "wall_s": round(float(end) - float(start), 2)}))
PY
    ) &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
  echo "== run $run done" >&2
done

/usr/bin/python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
per_run = {}
for r in rows: per_run.setdefault(r["run"], []).append(r)
sums = [sum(r["images_per_s"] or 0 for r in group) for group in per_run.values()]
r0 = rows[0]
print(f"pneumonia score, {r0['engine']}, batch {r0['batch_size']}, {r0['shards']} worker(s) on cores {sorted({r['cores'] for r in rows})}: "
      f"{statistics.median(sums):.1f} images/s (median of {len(sums)} runs: {', '.join(f'{s:.1f}' for s in sums)}); "
      f"wall time per run {statistics.median(max(r['wall_s'] for r in g) for g in per_run.values()):.1f} s for {sum(r['images'] for r in per_run[1])} images")
print(f"results: {sys.argv[1]}")
PY
