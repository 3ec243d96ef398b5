#!/usr/bin/env bash
# Encodes a Candid text value with the Rust candid crate, through the icp CLI (@icp-sdk/icp-cli-linux-x64),
# offline: `icp canister call --sign-only` types the value against a throw-away .did and prints the
# signed message as JSON, whose summary.arg is the encoded argument in base64.
#
#   tests/interop/rust-encode.sh '<argument types>' '<text value>' ['<type definitions>']
#   tests/interop/rust-encode.sh '(nat)' '(42)'                      -> 4449444c00017d2a
#   tests/interop/rust-encode.sh '(vec T)' '(vec { record { a = 1 } })' 'type T = record { a : nat };'
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
icp="$here/node_modules/@icp-sdk/icp-cli-linux-x64/bin/icp"
[[ -x "$icp" ]] || { echo "missing $icp: run npm ci --prefix tests/interop" >&2; exit 1; }
[[ $# -ge 2 ]] || { sed -n '2,9p' "$0" >&2; exit 2; }
args="$1"; value="$2"; defs="${3:-}"
[[ "$args" == \(* ]] || args="($args)"
[[ "$value" == \(* ]] || value="($value)"
# The IC mainnet root key (DER, hex): only recorded in the message, no network is reached.
root_key=308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100814c0e6ec71fab583b08bd81373c255c3c371b2e84863c98a4f1e08b74235d14fb5d9c0cd546d9685f913a0c0b2cc5341583bf4b4392e467db96d65b9bb4cb717112f8472e0d5a4d14505ffd7484b01291091c5f87b98883463f98091a0baaae
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
printf '%s\nservice : { m : %s -> () }\n' "$defs" "$args" > "$tmp/t.did"
DO_NOT_TRACK=1 "$icp" canister call aaaaa-aa m "$value" --candid "$tmp/t.did" --identity anonymous \
  --sign-only "$tmp/msg.json" --network http://127.0.0.1:1 --root-key "$root_key" </dev/null >/dev/null 2>"$tmp/err" \
  || { cat "$tmp/err" >&2; exit 1; }
node -e 'const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(Buffer.from(m.summary.arg, "base64").toString("hex"))' "$tmp/msg.json"
