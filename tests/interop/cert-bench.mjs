// Times @icp-sdk/core's certificate verification (Certificate.create: CBOR decode, tree reconstruction,
// delegation, canister range, BLS) on the certificates of ../shared/conformance/ic/certificates.json, on request,
// so that another implementation can be timed in alternation with it within one run.
//   node cert-bench.mjs CERTIFICATES_JSON ROOT_KEY_JSON
// Prints {"node":version} when ready, then answers each request line {"id":fixture id,"ms":window} with
// {"median_ms":median of single verifications over a loop of at least `ms` milliseconds,"runs":n}, after `warmups`
// (default 1) untimed verifications. Each verification starts fresh, as the agent does for every certificate.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Certificate } from '@icp-sdk/core/agent';
import { Principal } from '@icp-sdk/core/principal';

const [certFile, rootFile] = process.argv.slice(2);
const data = JSON.parse(readFileSync(certFile, 'utf8'));
const rootDer = JSON.parse(readFileSync(rootFile, 'utf8'));
const rootHex = rootDer.ic_mainnet_root_key?.der_hex;
if (!rootHex) throw new Error(`no DER root key in ${rootFile}: keys ${Object.keys(rootDer)}`);
const hex = (h) => Uint8Array.from(h.match(/../g).map((b) => parseInt(b, 16)));

function optionsOf(id) {
  const f = data.fixtures.find((x) => x.id === id);
  if (!f) throw new Error(`no fixture ${id}`);
  const eff = f.checks[0].effective;
  const principal = eff.canister ? { canisterId: Principal.fromText(eff.canister) } : { subnetId: Principal.fromText(eff.subnet) };
  return { certificate: hex(f.certificate_hex), rootKey: hex(rootHex), principal, disableTimeVerification: true };
}

console.log(JSON.stringify({ node: process.version }));
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  try {
    const req = JSON.parse(line);
    const options = optionsOf(req.id);
    for (let i = 0; i < (req.warmups ?? 1); i++) await Certificate.create(options);
    const times = [];
    const t0 = performance.now();
    while (performance.now() - t0 < (req.ms ?? 1000) || times.length < 5) {
      const s = performance.now();
      await Certificate.create(options);
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    console.log(JSON.stringify({ median_ms: times[times.length >> 1], runs: times.length }));
  } catch (e) {
    console.log(JSON.stringify({ error: String(e?.message ?? e) }));
  }
}
