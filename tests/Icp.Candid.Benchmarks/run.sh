#!/usr/bin/env bash
# The Candid codec beside @icp-sdk/core, written as markdown to docs/benchmarks/:
#  1. js-anchor.md: the interleaved comparison (`compare`): within one run, rounds alternate the JavaScript agent
#     (a long-lived node process, tests/interop/candid-bench.mjs, on ../shared/bench/candid-js's payloads) and our
#     generated-code path on the very same bytes; per payload and direction the median per-round ratio and its range.
#  2. CodecBenchmarks.md (and the other classes' reports): BenchmarkDotNet on those bytes, with allocations.
# The lines the README quotes are printed last ("README: ...").
#
#   tests/Icp.Candid.Benchmarks/run.sh [--rounds N (15)] [--window MS (1000)] [--short] [-- BenchmarkDotNet arguments]
# --short runs BenchmarkDotNet's short job (a check, not the recorded numbers). tests/run-js-comparison.sh runs this
# and the certificate comparison.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
docs="$root/docs/benchmarks"
anchor_out="$root/tests/interop/out/anchor"
artifacts="$root/BenchmarkDotNet.Artifacts"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

rounds=15 window=1000 bdn=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --window) window="$2"; shift 2 ;;
    --short) bdn+=(--job short); shift ;;
    --) shift; bdn+=("$@"); break ;;
    *) echo "unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[[ " ${bdn[*]-} " == *" --filter "* ]] || bdn+=(--filter '*')

if [[ ! -d tests/interop/node_modules/@icp-sdk/core ]]; then
  npm ci --prefix tests/interop --no-audit --no-fund
fi

mkdir -p "$docs"
dotnet build tests/Icp.Candid.Benchmarks -c Release --nologo -v quiet
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
dotnet run -c Release --no-build --project tests/Icp.Candid.Benchmarks -- compare "$anchor_out" "$docs/js-anchor.md" "$rounds" "$window" | tee "$log"

rm -rf "$artifacts/results"
ICP_BENCH_ANCHOR_DIR="$anchor_out" dotnet run -c Release --no-build --project tests/Icp.Candid.Benchmarks -- \
  --artifacts "$artifacts" "${bdn[@]}"
for f in "$artifacts"/results/*-report-github.md; do
  [[ -e "$f" ]] || continue
  name="$(basename "$f" -report-github.md)"
  cp "$f" "$docs/${name##*.}.md"
  cat "$f"
done
echo "results in $docs"
grep '^README: ' "$log"
# BenchmarkDotNet's figures the README quotes: the generated-code rows, the blob as a slice, encoding into a reused buffer.
if [[ -f "$docs/CodecBenchmarks.md" ]]; then
  sed 's/\*\*//g; s/&#39;//g' "$docs/CodecBenchmarks.md" | awk -F'|' '/^\| / && /generated code|no copy|hand-written/ {
    gsub(/^ +| +$/, "", $2); gsub(/^ +| +$/, "", $3); gsub(/^ +| +$/, "", $4); gsub(/^ +| +$/, "", $(NF-1));
    if ($2 ~ /no copy/ && $3 != "blob-1mib") next;
    printf "README: BenchmarkDotNet %s, %s: mean %s, allocated %s\n", $3, $2, $4, $(NF-1) }'
fi
