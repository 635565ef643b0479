#!/usr/bin/env bash
# Issue #7: speed and memory of Pneumonia.ML against PyTorch on the same CPU, in one invocation so that the ratio
# holds on a noisy machine. For each network, rounds of the .NET measurement (`Pneumonia.Bench perf`) and the PyTorch
# peer (bench/pytorch/peer.py) back to back, alternating which goes first (A B, B A, ...); then one run that decodes
# the whole training folder for the peak-memory figure; then a markdown table of medians and ratios. Each round also
# measures prediction on the ONNX Runtime engines (float32 and int8; training is TorchSharp's whatever the engine).
#
#   bench/run-perf.sh                 # the issue's settings: 224 px, batch 32, 3 rounds, ArticleCnn and ResNet18
#   bench/run-perf.sh --smoke         # tiny settings to check the harness (128 px, batch 8, 2 rounds; no full-set run)
#
# Options: --data DIR, --rounds N, --image-size N, --batch-size N, --architectures "ArticleCnn ResNet18",
#          --threads N (both sides; default: libtorch's own choice on the .NET side, the same number for PyTorch),
#          --engines "OnnxRuntime OnnxRuntimeInt8" (the ONNX Runtime engines measured each round; "" for none),
#          --no-full-training-set, --peer-channels-last (the peer in torch.channels_last too),
#          --peer-large-block-reuse (the peer with glibc's malloc set as Pneumonia.ML sets it while training: no mmap,
#          no trimming; see src/Pneumonia.ML/Native/LargeBlockReuse.cs). Results: bench/results/perf-<date>.jsonl (one line per run) and .md (the table).
# Installs Debian's python3-torch and OpenBLAS with apt when Debian's python (/usr/bin/python3; another python3 on PATH, such as a
# pyenv shim, would not see the apt package) cannot import torch. Needs root or sudo for that.
set -euo pipefail
cd "$(dirname "$0")/.."

data=../shared/data/chest-xray-224/train
architectures="ArticleCnn ResNet18"
size=224 batch=32 warmup=3 train=10 rounds=3
predict_warmup=10 predict_repeats=100 batch_images=256 pipeline_images=512 batch_repeats=3
full=1 threads="" name=perf peer_layout=() peer_env=() engines="OnnxRuntime OnnxRuntimeInt8"
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) size=128 batch=8 warmup=1 train=3 rounds=2 predict_warmup=3 predict_repeats=20 batch_images=32 pipeline_images=64 batch_repeats=2 full=0 name=perf-smoke ;;
    --data) data=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --image-size) size=$2; shift ;;
    --batch-size) batch=$2; shift ;;
    --architectures) architectures=$2; shift ;;
    --threads) threads=$2; shift ;;
    --engines) engines=$2; shift ;;
    --no-full-training-set) full=0 ;;
    --peer-channels-last) peer_layout=(--channels-last); name=perf-peer-channels-last ;;
    --peer-large-block-reuse) peer_env=(GLIBC_TUNABLES=glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=2147483647); name=perf-peer-large-block-reuse ;;
    *) echo "run-perf.sh: unknown option $1" >&2; exit 1 ;;
  esac
  shift
done
[ -d "$data/NORMAL" ] && [ -d "$data/PNEUMONIA" ] ||
  { echo "run-perf.sh: no training X-rays at $data (a folder with NORMAL/ and PNEUMONIA/); pass --data DIR" >&2; exit 2; }

# libtorch1.13 only recommends an optimised BLAS; without one its Linear layers and small-input convolutions (those
# oneDNN does not take) run on the reference BLAS, several times slower. libopenblas0-openmp shares torch's OpenMP
# threads (torch.set_num_threads applies to it) and becomes the system's libblas.so.3 alternative.
python=/usr/bin/python3
peer_packages="python3-torch libopenblas0-openmp"
if ! "$python" -c 'import torch' 2>/dev/null ||
   [ "$(dpkg-query -W -f='${Status}\n' $peer_packages 2>/dev/null | grep -c 'ok installed')" -ne 2 ]; then
  echo "== installing Debian's $peer_packages (the PyTorch peer)" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $peer_packages
fi

dotnet build bench/Pneumonia.Bench -c Release --nologo -v q
mkdir -p bench/results
stamp=$(date +%Y%m%d-%H%M%S)
results=bench/results/$name-$stamp.jsonl
bench=(dotnet bench/Pneumonia.Bench/bin/Release/net10.0/Pneumonia.Bench.dll perf --data "$data" --image-size "$size"
       --batch-size "$batch" --predict-warmup "$predict_warmup"
       --predict-repeats "$predict_repeats" --batch-images "$batch_images" --pipeline-images "$pipeline_images" --batch-repeats "$batch_repeats"
       --json "$results")
peer=(env "${peer_env[@]}" "$python" bench/pytorch/peer.py --image-size "$size" --batch-size "$batch" --warmup-batches "$warmup"
      --train-batches "$train" --predict-warmup "$predict_warmup" --predict-repeats "$predict_repeats"
      --batch-images "$batch_images" --batch-repeats "$batch_repeats" --json "$results" "${peer_layout[@]}")
[ -n "$threads" ] && bench+=(--threads "$threads")
echo "== $(nproc) CPUs, OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-unset}, load $(cut -d' ' -f1-3 /proc/loadavg); results: $results" >&2

run_dotnet() {
  echo "== Pneumonia.ML $1, round $2" >&2
  "${bench[@]}" --architecture "$1" --warmup-batches "$warmup" --train-batches "$train" > /dev/null
  # The peer uses the thread count the .NET side ran with.
  [ -n "$threads" ] || threads=$(tail -n 1 "$results" | "$python" -c 'import json, sys; print(json.load(sys.stdin)["threads"])')
}
run_engines() {
  for engine in $engines; do
    echo "== Pneumonia.ML $1 on $engine, round $2" >&2
    "${bench[@]}" --architecture "$1" --engine "$engine" > /dev/null
  done
}
run_peer() {
  echo "== PyTorch $1, round $2" >&2
  "${peer[@]}" --architecture "$1" --threads "$threads" > /dev/null
}

for architecture in $architectures; do
  for round in $(seq 1 "$rounds"); do
    if [ -z "$threads" ] || [ $((round % 2)) -eq 1 ]; then
      run_dotnet "$architecture" "$round"; run_peer "$architecture" "$round"
    else
      run_peer "$architecture" "$round"; run_dotnet "$architecture" "$round"
    fi
    run_engines "$architecture" "$round"
  done
done

if [ "$full" -eq 1 ]; then
  echo "== Pneumonia.ML ResNet18 on the full training set (peak memory)" >&2
  "${bench[@]}" --architecture ResNet18 --full-training-set --augment --warmup-batches 2 --train-batches 5 > /dev/null
fi

"$python" bench/pytorch/perf_table.py "$results" | tee "bench/results/$name-$stamp.md"
