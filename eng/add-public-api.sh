#!/usr/bin/env bash
# Adds every public symbol the build reports as undeclared (RS0016) to a project's PublicAPI.Unshipped.txt:
# src/Pneumonia.ML by default, or the project named by the first argument (e.g. Pneumonia.ML.Inference).
# Run it after adding public API on purpose; review the diff: it is the change to the package's public surface.
# (IDEs offer the same as a code fix; at a release, move the Unshipped lines into PublicAPI.Shipped.txt.)
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:-Pneumonia.ML}
project=src/$name/$name.csproj
unshipped=src/$name/PublicAPI.Unshipped.txt
added=$(dotnet build "$project" --no-incremental 2>&1 | grep "error RS0016" \
  | sed -E "s/.*Symbol '(.*)' is not part of the declared public API.*/\1/" | sort -u || true)
if [ -z "$added" ]; then echo "nothing to add"; exit 0; fi
{ head -n 1 "$unshipped"; { tail -n +2 "$unshipped"; printf '%s\n' "$added"; } | sort -u; } > "$unshipped.new"
mv "$unshipped.new" "$unshipped"
printf 'added to %s:\n%s\n' "$unshipped" "$added"
