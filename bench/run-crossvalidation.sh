#!/usr/bin/env bash
# Patient-level cross-validation of a recipe on the training folder, then the shift proxy on its fold models.
#   bench/run-crossvalidation.sh NAME [crossvalidate options...]
#   bench/run-crossvalidation.sh resnet18-160-e5 --architecture ResNet18 --folds 5 --seed 1
#   bench/run-crossvalidation.sh resnet18-160-e5-site --architecture ResNet18 --folds 5 --seed 1 --site-shifts
# Output: bench/results/crossvalidation.jsonl (a line per run), cv-NAME-oof.csv (every image's out-of-fold probability),
# shift-proxy.jsonl, cv-NAME/ (fold models and the ensemble, not committed), and the log in bench/results/cv-NAME.txt.
# A run that stops (a crash, a reboot) resumes from its checkpoints when the same command runs again; this script
# retries up to three times by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1; shift
data=../shared/data/chest-xray-224/train
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do [ "${args[$i]}" = "--data" ] && data=${args[$((i + 1))]}; done
if [ ! -d "$data/NORMAL" ] || [ ! -d "$data/PNEUMONIA" ]; then
  echo "no NORMAL/ and PNEUMONIA/ under $data: pass --data DIR (the training X-rays)" >&2
  exit 2
fi
log=bench/results/cv-$name.txt
# A fresh run starts its log afresh; a run resumed from its checkpoints (the same command again) adds to it.
compgen -G "bench/results/cv-$name.checkpoint.fold*" > /dev/null || : > "$log"
dotnet build bench/Pneumonia.Bench -c Release --nologo -v quiet
export OMP_WAIT_POLICY=PASSIVE
for attempt in 1 2 3; do
  dotnet run --project bench/Pneumonia.Bench -c Release --no-build -- crossvalidate --name "$name" "${args[@]}" 2>&1 \
    | grep --line-buffered -v NNPACK | tee -a "$log" || true
  if grep -q "^RESULT cv $name" "$log"; then break; fi
  echo "attempt $attempt stopped; resuming from the checkpoints" | tee -a "$log"
done
grep "^RESULT cv $name" "$log" | tail -n 1
folds=5; seed=1
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = "--folds" ] && folds=${args[$((i + 1))]}
  [ "${args[$i]}" = "--seed" ] && seed=${args[$((i + 1))]}
done
dotnet run --project bench/Pneumonia.Bench -c Release --no-build -- shift-proxy --name "$name" --data "$data" --folds "$folds" --seed "$seed" \
  2>&1 | grep -v NNPACK | tee "bench/results/shift-proxy-$name.md"
