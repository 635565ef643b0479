#!/usr/bin/env bash
# The full-data accuracy table of bench/README.md: three architectures × three seeds on the Kaggle training folder,
# each with a patient-level 80/20 split. Results: bench/results/accuracy.jsonl (one line per run), logs beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data/chest-xray-224/train}
[ -d "$data/NORMAL" ] && [ -d "$data/PNEUMONIA" ] ||
  { echo "run-accuracy.sh: no training X-rays at $data (a folder with NORMAL/ and PNEUMONIA/); pass it as the first argument" >&2; exit 2; }
dotnet build bench/Pneumonia.Bench -c Release --nologo -v q
bench="dotnet bench/Pneumonia.Bench/bin/Release/net10.0/Pneumonia.Bench.dll"
mkdir -p bench/results
$bench accuracy --data "$data" --architecture ResNet18 --seeds 1 2 3 2>&1 | tee bench/results/resnet18.log
$bench accuracy --data "$data" --architecture CompactCnn --seeds 1 2 3 2>&1 | tee bench/results/compactcnn.log
$bench accuracy --data "$data" --architecture ArticleCnn --article-recipe --image-size 160 --epochs 5 --seeds 1 2 3 2>&1 | tee bench/results/articlecnn.log
