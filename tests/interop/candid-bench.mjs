// Times @icp-sdk/core's Candid encode and decode on the standard payloads of ../shared/bench/candid-js, on request,
// so that another implementation can be timed in alternation with it within one run.
//   node --preserve-symlinks candid-bench.mjs OUT
// Imports the shared payloads through the link .anchor/payloads.mjs (made by the benchmark, as the shared folder is
// read-only and has no node_modules); --preserve-symlinks makes its imports resolve to tests/interop/node_modules.
// Writes OUT/<name>.bin (the encoded message) and OUT/<name>.types, then prints one line
// {"node":version,"payloads":[{"payload":name,"bytes":n},...]} and answers each request line {"payload":name,"op":"encode"|"decode","ms":window}
// with {"ms":mean ms per operation,"runs":n}. It times as ../shared/bench/candid-js/bench.mjs does: the mean over a loop of
// at least `ms` milliseconds after warm-up runs (`warmups`, default 1: the process stays warm between requests).
import { IDL } from '@icp-sdk/core/candid';
import { writeFileSync, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { all } from './.anchor/payloads.mjs';

const out = process.argv[2] || 'out';
mkdirSync(out, { recursive: true });
const payloads = new Map();
for (const p of all()) {
  const bytes = IDL.encode(p.types, p.value);
  writeFileSync(`${out}/${p.name}.bin`, bytes);
  writeFileSync(`${out}/${p.name}.types`, (p.didTypes ? p.didTypes + '\n' : '') + p.argTypes + '\n');
  payloads.set(p.name, { p, bytes });
}
console.log(JSON.stringify({ node: process.version, payloads: [...payloads.values()].map(({ p, bytes }) => ({ payload: p.name, bytes: bytes.length })) }));

function time(fn, minMs, warmups) {
  for (let i = 0; i < warmups; i++) fn();
  let n = 0; const t0 = performance.now(); let t = t0;
  while (t - t0 < minMs) { fn(); n++; t = performance.now(); }
  return { ms: (t - t0) / n, runs: n };
}

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  try {
    const req = JSON.parse(line);
    const entry = payloads.get(req.payload);
    if (!entry) throw new Error(`unknown payload ${req.payload}`);
    const { p, bytes } = entry;
    const fn = req.op === 'encode' ? () => IDL.encode(p.types, p.value)
      : req.op === 'decode' ? () => IDL.decode(p.types, bytes)
      : null;
    if (!fn) throw new Error(`unknown op ${req.op}`);
    console.log(JSON.stringify(time(fn, req.ms ?? 1000, req.warmups ?? 1)));
  } catch (e) {
    console.log(JSON.stringify({ error: String(e?.message ?? e) }));
  }
}
