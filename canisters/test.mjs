// Runs the Motoko tests (canisters/test/*.test.mo) offline.
//
// The npm `motoko` package can interpret Motoko (mo.run), but its interpreter lacks to_candid /
// from_candid (which the receipt-leaf decoder needs) and is slow for a million-byte hash. So each test
// is compiled to WASI with classic (32-bit) persistence, which Node's WebAssembly runs, and executed
// with node:wasi. A failed assertion traps, which fails the run.
//
// Vectors that need an independent implementation (RFC 6962 trees, SHA-256 of padding edge cases)
// come from Node's crypto and are written into the virtual file system as test/Vectors.mo.
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { WASI } from 'node:wasi';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
process.removeAllListeners('warning'); // node:wasi is "experimental"; its warning is noise here
const mo = require('motoko');
mo.loadPackage(require('motoko/packages/latest/core.json'));
mo.compiler.gcFlags('classicOP');

const { IDL } = await import('@icp-sdk/core/candid');
const { Principal } = await import('@icp-sdk/core/principal');

// The receipt leaf type of candid/rollup.did, for an encoder independent of Motoko's.
const Account = IDL.Record({ owner: IDL.Principal, subaccount: IDL.Opt(IDL.Vec(IDL.Nat8)) });
const ReceiptLeaf = IDL.Record({
  network_id: IDL.Text, receipt_id: IDL.Text, task_id: IDL.Text, provider: IDL.Principal,
  provider_owner: IDL.Principal, provider_public_key: IDL.Vec(IDL.Nat8), requester: Account,
  requester_public_key: IDL.Opt(IDL.Vec(IDL.Nat8)), workload: IDL.Text, gpu_model: IDL.Text,
  gpu_seconds: IDL.Nat64, started_at_ns: IDL.Nat64, ended_at_ns: IDL.Nat64, fee_token: IDL.Principal,
  fee_amount: IDL.Nat, fee_block: IDL.Opt(IDL.Nat), result_hash: IDL.Vec(IDL.Nat8), receipt_hash: IDL.Vec(IDL.Nat8),
  provider_signature: IDL.Vec(IDL.Nat8), requester_signature: IDL.Opt(IDL.Vec(IDL.Nat8)),
});
const jsReceipt = (id, requester) => ({
  network_id: 'emc', receipt_id: id, task_id: `task-${id}`, provider: Principal.fromText('2vxsx-fae'),
  provider_owner: Principal.fromText('rrkah-fqaaa-aaaaa-aaaaq-cai'), provider_public_key: new Uint8Array(44).fill(3),
  requester_public_key: [new Uint8Array(44).fill(4)], fee_block: [18446744073709551616n],
  requester: { owner: Principal.fromText(requester), subaccount: [new Uint8Array(32).fill(7)] },
  workload: 'training', gpu_model: 'A100', gpu_seconds: 3600n, started_at_ns: 1n, ended_at_ns: 2n,
  fee_token: Principal.fromText('mxzaz-hqaaa-aaaar-qaada-cai'), fee_amount: 123456789012345678901234567890n,
  result_hash: new Uint8Array([1, 2]), receipt_hash: new Uint8Array(32).fill(9),
  provider_signature: new Uint8Array(64).fill(5), requester_signature: [],
});

const sha = (...parts) => createHash('sha256').update(Buffer.concat(parts.map(p => Buffer.from(p)))).digest();
const hex = b => Buffer.from(b).toString('hex');

// RFC 6962 / RFC 9162 tree: leaf = H(0x00 || d), node = H(0x01 || l || r), split at the largest power
// of two smaller than n (so an odd leaf is promoted, never duplicated).
const leafHash = d => sha([0], d);
const split = n => { let k = 1; while (k * 2 < n) k *= 2; return k; };
function mth(leaves) {
  if (leaves.length === 0) return sha([]);
  if (leaves.length === 1) return leafHash(leaves[0]);
  const k = split(leaves.length);
  return sha([1], mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}
function auditPath(m, leaves) {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return m < k
    ? [...auditPath(m, leaves.slice(0, k)), mth(leaves.slice(k))]
    : [...auditPath(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}

function vectors() {
  const lengths = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000];
  const sha256Lengths = lengths.map(n => `(${n}, "${hex(sha(Buffer.alloc(n)))}")`);
  const trees = [];
  for (let n = 1; n <= 7; n++) {
    const leaves = Array.from({ length: n }, (_, i) => Buffer.from(`leaf ${i}`));
    const paths = leaves.map((_, i) => `[${auditPath(i, leaves).map(p => `"${hex(p)}"`).join(', ')}]`);
    trees.push(`{ size = ${n}; root = "${hex(mth(leaves))}"; paths = [${paths.join(', ')}] }`);
  }
  // ICRC-3 tip tree for last block 300 with hash SHA-256("x"): root hash and CBOR, built here from
  // the IC specification's definitions.
  const sep = s => Buffer.concat([Buffer.from([s.length]), Buffer.from(s)]);
  const leb = n => { const out = []; do { let b = n & 0x7f; n >>= 7; out.push(n ? b | 0x80 : b); } while (n); return Buffer.from(out); };
  const tipHash = sha(Buffer.from('x'));
  const tipIndex = leb(300);
  const leafH = v => sha(sep('ic-hashtree-leaf'), v);
  const labeledH = (l, t) => sha(sep('ic-hashtree-labeled'), Buffer.from(l), t);
  const tipRoot = sha(sep('ic-hashtree-fork'), labeledH('last_block_hash', leafH(tipHash)), labeledH('last_block_index', leafH(tipIndex)));
  const bstr = b => Buffer.concat([Buffer.from(b.length < 24 ? [0x40 + b.length] : [0x58, b.length]), Buffer.from(b)]);
  const tipCbor = Buffer.concat([Buffer.from([0xd9, 0xd9, 0xf7, 0x83, 0x01]),
    Buffer.from([0x83, 0x02]), bstr(Buffer.from('last_block_hash')), Buffer.from([0x82, 0x03]), bstr(tipHash),
    Buffer.from([0x83, 0x02]), bstr(Buffer.from('last_block_index')), Buffer.from([0x82, 0x03]), bstr(tipIndex)]);
  // Receipt leaves encoded by @icp-sdk/core (not Motoko): the third is self-dealing (requester = provider).
  const jsLeaves = [jsReceipt('x-1', 'ryjl3-tyaaa-aaaaa-aaaba-cai'), jsReceipt('x-2', 'ryjl3-tyaaa-aaaaa-aaaba-cai'), jsReceipt('x-3', '2vxsx-fae')]
    .map(r => Buffer.from(IDL.encode([ReceiptLeaf], [r])));
  const jsLeafHex = jsLeaves.map(l => `"${hex(l)}"`).join(', ');
  const jsPath = auditPath(2, jsLeaves).map(p => `"${hex(p)}"`).join(', ');
  return `/// Generated by test.mjs from Node's crypto. Leaf i of every tree is the text "leaf i".
module {
  public let jsLeaves : [Text] = [${jsLeafHex}];
  public let jsRoot = "${hex(mth(jsLeaves))}";
  public let jsPath2 : [Text] = [${jsPath}];
  public let tipRoot = "${hex(tipRoot)}";
  public let tipCbor = "${hex(tipCbor)}";
  public let sha256Lengths : [(Nat, Text)] = [${sha256Lengths.join(', ')}];
  public type Tree = { size : Nat; root : Text; paths : [[Text]] };
  public let trees : [Tree] = [
    ${trees.join(',\n    ')}
  ];
};
`;
}

// Sanity: the published NIST digests agree with Node (so a failure points at the Motoko code).
if (hex(sha(Buffer.from('abc'))) !== 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad') throw new Error('node sha256?');

// moc's bundle prints its whole minified source with an uncaught error; print the error alone.
function fail(e) {
  console.error(`FAIL ${e?.stack ?? e}`);
  process.exit(1);
}

// The other direction: the sample leaf Motoko encodes (asserted in Rollup.test.mo) decodes in JavaScript.
try {
  const sample = /"sample leaf bytes", Hex.encode\(aBytes\), "([0-9a-f]+)"/.exec(fs.readFileSync(path.join(here, 'test/Rollup.test.mo'), 'utf8'))[1];
  const [leaf] = IDL.decode([ReceiptLeaf], new Uint8Array(Buffer.from(sample, 'hex')));
  if (leaf.receipt_id !== 'r-1' || leaf.fee_amount !== 1000000n || leaf.fee_block[0] !== 48213n || leaf.provider_public_key.length !== 4 || leaf.provider.toText() !== '2vxsx-fae' || leaf.requester_signature.length !== 1)
    throw new Error(`the Motoko sample leaf decodes wrongly in JavaScript: ${JSON.stringify(leaf, (k, v) => typeof v === 'bigint' ? String(v) : v)}`);
  console.log('ok JavaScript decodes the Motoko sample leaf');
} catch (e) { fail(e); }

function addSources(dir, virtualDir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const virt = `${virtualDir}/${entry.name}`;
    if (entry.isDirectory()) addSources(full, virt);
    else if (entry.name.endsWith('.mo')) mo.write(virt, fs.readFileSync(full, 'utf8'));
  }
}
for (const d of ['common', 'rollup', 'ledger', 'test']) if (fs.existsSync(path.join(here, d))) addSources(path.join(here, d), d);
try { mo.write('test/Vectors.mo', vectors()); } catch (e) { fail(e); }

const only = process.argv[2];
const tests = fs.readdirSync(path.join(here, 'test')).filter(f => f.endsWith('.test.mo') && (!only || f.includes(only))).sort();
let failed = 0;
for (const file of tests) {
  const started = Date.now();
  let result;
  try {
    result = mo.wasm(`test/${file}`, 'wasi');
  } catch (e) {
    console.log(`FAIL ${file} does not compile:\n${String(e.message ?? e).slice(0, 4000)}`);
    failed++;
    continue;
  }
  const compiled = Date.now();
  const wasi = new WASI({ version: 'preview1', args: [], env: {}, returnOnExit: true });
  let ok = true;
  try {
    const module = await WebAssembly.compile(result.wasm);
    const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
    wasi.start(instance);
  } catch (e) {
    ok = false;
    console.error(`  ${file}: ${e.message}`);
  }
  const ran = Date.now();
  console.log(`${ok ? 'PASS' : 'FAIL'} ${file} (compile ${compiled - started} ms, run ${ran - compiled} ms)`);
  if (!ok) failed++;
}
console.log(`${tests.length - failed}/${tests.length} test files passed`);
process.exit(failed ? 1 : 0);
