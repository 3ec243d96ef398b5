// Compiles one Motoko source to a canister module and its Candid interface, offline.
// Usage: node build.mjs <input.mo> <output.wasm> <output.did> [--classic]
// The npm "motoko" package bundles the compiler (js_of_ocaml) and the core library, so no
// dfx, mops or network is needed; that is why the replica's tests can build real canisters.
// --classic selects classical orthogonal persistence (32-bit memory, stable variables serialized
// through stable memory on upgrade) instead of the default enhanced orthogonal persistence
// (64-bit memory kept across upgrades).
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const [input, outWasm, outDid, ...flags] = process.argv.slice(2);
if (!input || !outWasm || !outDid) {
  console.error('usage: node build.mjs <input.mo> <output.wasm> <output.did> [--classic]');
  process.exit(2);
}

const mo = require('motoko');
if (flags.includes('--classic')) mo.compiler.gcFlags('classicOP');
mo.loadPackage(require('motoko/packages/latest/core.json'));
mo.write('Main.mo', readFileSync(input, 'utf8'));
try {
  const { wasm, candid } = mo.wasm('Main.mo', 'ic');
  writeFileSync(outWasm, wasm);
  writeFileSync(outDid, candid);
} catch (e) {
  // Compile errors arrive as an exception carrying the diagnostics; print them for the test log.
  console.error(e?.message ?? String(e));
  process.exit(1);
}
