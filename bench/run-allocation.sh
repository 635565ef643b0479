#!/usr/bin/env bash
# The allocation setting of a training (src/Pneumonia.ML/Native/LargeBlockReuse.cs) off (PNEUMONIA_ML_MALLOC=default)
# and on, and libtorch's transparent huge pages (THP_MEM_ALLOC_ENABLE=1, not used by the library) with and without it,
# for one network's training step, on the main thread and on a thread-pool thread; rounds interleave the
# configurations so that a drifting machine hits them alike.
#
#   bench/run-allocation.sh                            # ArticleCnn, 224 px, batch 32, 2 rounds
#   bench/run-allocation.sh --architecture ResNet18 --rounds 1
#
# Results: bench/results/allocation-<date>.jsonl (perf's JSON plus the configuration) and the medians on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

architecture=ArticleCnn rounds=2 data=../shared/data/chest-xray-224/train
while [ $# -gt 0 ]; do
  case "$1" in
    --architecture) architecture=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --data) data=$2; shift ;;
    *) echo "run-allocation.sh: unknown option $1" >&2; exit 1 ;;
  esac
  shift
done
[ -d "$data/NORMAL" ] && [ -d "$data/PNEUMONIA" ] ||
  { echo "run-allocation.sh: no training X-rays at $data (a folder with NORMAL/ and PNEUMONIA/); pass --data DIR" >&2; exit 2; }

dotnet build bench/Pneumonia.Bench -c Release --nologo -v q
mkdir -p bench/results
results=bench/results/allocation-$(date +%Y%m%d-%H%M%S).jsonl
bench=(dotnet bench/Pneumonia.Bench/bin/Release/net10.0/Pneumonia.Bench.dll perf --data "$data" --architecture "$architecture"
       --image-size 224 --batch-size 32 --warmup-batches 3 --train-batches 10 --predict-warmup 3 --predict-repeats 10
       --batch-images 32 --pipeline-images 64 --batch-repeats 1)
# name: the environment of that configuration (the library's own: block-reuse)
configurations=("neither:PNEUMONIA_ML_MALLOC=default" "huge-pages:THP_MEM_ALLOC_ENABLE=1 PNEUMONIA_ML_MALLOC=default"
                "block-reuse:" "both:THP_MEM_ALLOC_ENABLE=1")
for round in $(seq 1 "$rounds"); do
  for thread in main thread-pool; do
    for configuration in "${configurations[@]}"; do
      name=${configuration%%:*} environment=${configuration#*:}
      flags=(); [ "$thread" = thread-pool ] && flags=(--train-on-thread-pool)
      echo "== round $round, $thread, $name" >&2
      env $environment "${bench[@]}" "${flags[@]}" 2>/dev/null |
        /usr/bin/python3 -c 'import json, sys; r = json.load(sys.stdin); r["allocation"] = sys.argv[1]; print(json.dumps(r))' "$name" >> "$results"
    done
  done
done

/usr/bin/python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
print(f"training images/s, median of {len(rows) // 8} run(s) each ({rows[0]['architecture']}, 224 px, batch 32); peak RSS of the training phase")
print("| settings on | main thread | thread-pool thread | peak RSS MB (main / pool) |")
print("|---|---|---|---|")
for name in ["neither", "huge-pages", "block-reuse", "both"]:
    cells = []
    for pool in (False, True):
        group = [r for r in rows if r["allocation"] == name and r["train_on_thread_pool"] == pool]
        cells.append(group)
    speed = [f"{statistics.median(r['train_images_per_second'] for r in g):.1f}" for g in cells]
    memory = " / ".join(f"{statistics.median(r['peak_rss_mb'] for r in g):,.0f}" for g in cells)
    print(f"| {name} | {speed[0]} | {speed[1]} | {memory} |")
PY
