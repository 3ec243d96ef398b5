#!/usr/bin/env bash
# Every comparison with the official JavaScript agent (@icp-sdk/core, installed by tests/interop), each interleaved
# within one run, written as markdown to docs/benchmarks/ and printed; the figures the README quotes come last.
#  - Candid codec: tests/Icp.Candid.Benchmarks/run.sh -> js-anchor.md (interleaved) and CodecBenchmarks.md
#    (BenchmarkDotNet, allocations).
#  - Certificate verification: tests/Icp.Agent.Benchmarks `compare` -> certificate-verification.md (fresh case
#    beside @icp-sdk/core, cached case apart).
#
#   tests/run-js-comparison.sh [--rounds N (15)] [--window MS (1000)] [--short]
# --short: BenchmarkDotNet's short job; with `--rounds 2 --window 300` a quick check of the whole pipeline.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
docs="$root/docs/benchmarks"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

rounds=15 window=1000 short=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --window) window="$2"; shift 2 ;;
    --short) short=(--short); shift ;;
    *) echo "unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
tests/Icp.Candid.Benchmarks/run.sh --rounds "$rounds" --window "$window" "${short[@]}" | tee "$log"

dotnet build tests/Icp.Agent.Benchmarks -c Release --nologo -v quiet
dotnet run -c Release --no-build --project tests/Icp.Agent.Benchmarks -- compare "$docs/certificate-verification.md" "$rounds" "$window" | tee -a "$log"

echo
echo "## Figures for the README (from this run)"
grep '^README: ' "$log" | sed 's/^README: /- /' | awk '!seen[$0]++'
