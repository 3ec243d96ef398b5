// Times @icp-sdk/core's certificate verification (Certificate.create: CBOR decode, tree reconstruction,
// delegation, canister range, BLS) on the certificates named in ../shared/conformance/ic/certificates.json.
//   node cert-bench.mjs CERTIFICATES_JSON ROOT_KEY_JSON ID... -> one JSON row per certificate
import { readFileSync } from 'node:fs';
import { Certificate } from '@icp-sdk/core/agent';
import { Principal } from '@icp-sdk/core/principal';

const [certFile, rootFile, ...ids] = process.argv.slice(2);
const data = JSON.parse(readFileSync(certFile, 'utf8'));
const rootDer = JSON.parse(readFileSync(rootFile, 'utf8'));
const rootHex = rootDer.ic_mainnet_root_key?.der_hex;
if (!rootHex) throw new Error(`no DER root key in ${rootFile}: keys ${Object.keys(rootDer)}`);
const hex = (h) => Uint8Array.from(h.match(/../g).map((b) => parseInt(b, 16)));
const rows = [];
for (const id of ids) {
  const f = data.fixtures.find((x) => x.id === id);
  const eff = f.checks[0].effective;
  const principal = eff.canister ? { canisterId: Principal.fromText(eff.canister) } : { subnetId: Principal.fromText(eff.subnet) };
  const options = { certificate: hex(f.certificate_hex), rootKey: hex(rootHex), principal, disableTimeVerification: true };
  for (let i = 0; i < 5; i++) await Certificate.create(options);
  const times = [];
  const t0 = performance.now();
  while (performance.now() - t0 < 3000 || times.length < 20) {
    const s = performance.now();
    await Certificate.create(options);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  rows.push({ id, runs: times.length, median_ms: +times[times.length >> 1].toFixed(3) });
}
console.log(JSON.stringify(rows));
