#!/usr/bin/env bash
# Runs the JavaScript anchor (@icp-sdk/core on ../shared/bench/candid-js's payloads), then our
# BenchmarkDotNet benchmarks on the very same encoded messages, and writes the results as markdown
# to docs/benchmarks/ (js-anchor.md, plus BenchmarkDotNet's GitHub-flavoured report per class).
#
#   tests/Icp.Candid.Benchmarks/run.sh [BenchmarkDotNet arguments, default: --filter '*']
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
docs="$root/docs/benchmarks"
anchor_out="$root/tests/interop/out/anchor"
artifacts="$root/BenchmarkDotNet.Artifacts"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [[ ! -d tests/interop/node_modules/@icp-sdk/core ]]; then
  npm ci --prefix tests/interop --no-audit --no-fund
fi

mkdir -p "$docs"
dotnet build tests/Icp.Candid.Benchmarks -c Release --nologo -v quiet
dotnet run -c Release --no-build --project tests/Icp.Candid.Benchmarks -- anchor "$anchor_out" "$docs/js-anchor.md"

[[ $# -gt 0 ]] || set -- --filter '*'
rm -rf "$artifacts/results"
ICP_BENCH_ANCHOR_DIR="$anchor_out" dotnet run -c Release --no-build --project tests/Icp.Candid.Benchmarks -- \
  --artifacts "$artifacts" "$@"
for f in "$artifacts"/results/*-report-github.md; do
  [[ -e "$f" ]] || continue
  name="$(basename "$f" -report-github.md)"
  cp "$f" "$docs/${name##*.}.md"
done
echo "results in $docs"
