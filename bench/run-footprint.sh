#!/usr/bin/env bash
# The footprint of an app that only predicts (issue #15): the framework-dependent linux-x64 `dotnet publish` size and the
# peak resident memory predicting COUNT X-rays (default 1,000: the 80 committed fixture X-rays repeated), for the same
# minimal app on Pneumonia.ML.Inference (bench/footprint/Inference) and on Pneumonia.ML's int8 ONNX Runtime engine
# (bench/footprint/Full). Both packages are packed to a private feed first, and the apps build outside the repository,
# as a customer's would. Prints a markdown table (bench/README.md, "The inference package").
# Usage: bench/run-footprint.sh [COUNT] [IMAGE_FOLDER]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
count=${1:-1000}
images=$(realpath "${2:-samples/data/chest-xray-sample}")
version="0.2.0-footprint.$(date -u +%Y%m%d%H%M%S).$$"
work=$(mktemp -d)
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
trap 'rm -rf "$work" "$packages/pneumonia.ml/${version,,}" "$packages/pneumonia.ml.inference/${version,,}"' EXIT

dotnet pack src/Pneumonia.ML.Inference/Pneumonia.ML.Inference.csproj -c Release --nologo -v q -p:Version="$version" -o "$work/feed" >&2
dotnet pack src/Pneumonia.ML/Pneumonia.ML.csproj -c Release --nologo -v q -p:Version="$version" -o "$work/feed" >&2
cat > "$work/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="Pneumonia.ML" /><package pattern="Pneumonia.ML.Inference" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
CONFIG

echo "| app | package | publish size (MB) | files | peak RSS predicting $count X-rays (MB) | wall time (s) | answer |"
echo "|---|---|---|---|---|---|---|"
for app in Inference Full; do
  package=$([ "$app" = Inference ] && echo Pneumonia.ML.Inference || echo Pneumonia.ML)
  mkdir -p "$work/$app"
  cp "bench/footprint/$app"/* "$work/$app/"
  sed -i "s/Include=\"$package\" Version=\"[^\"]*\"/Include=\"$package\" Version=\"$version\"/" "$work/$app/Footprint.$app.csproj"
  dotnet publish "$work/$app/Footprint.$app.csproj" -c Release -r linux-x64 --self-contained false --nologo -v q -o "$work/$app/publish" >&2
  bytes=$(du -sb "$work/$app/publish" | cut -f1)
  files=$(find "$work/$app/publish" -type f | wc -l)
  /usr/bin/time -v -o "$work/$app/time.txt" dotnet "$work/$app/publish/Footprint.$app.dll" "$images" "$count" > "$work/$app/answer.txt"
  rss_kb=$(grep "Maximum resident set size" "$work/$app/time.txt" | awk '{print $NF}')
  wall=$(grep "Elapsed (wall clock)" "$work/$app/time.txt" | awk '{print $NF}')
  printf '| %s | %s | %.1f | %d | %.0f | %s | %s |\n' "bench/footprint/$app" "$package" "$(echo "$bytes / 1000000" | bc -l)" "$files" \
    "$(echo "$rss_kb / 1024" | bc -l)" "$wall" "$(cat "$work/$app/answer.txt")"
done
