// Offline build of the Motoko canisters with the npm `motoko` compiler (pinned in package.json).
//
//   npm ci --prefix canisters && node canisters/build.mjs [--update] [name...]
//
// For each canister (a directory with main.mo) it compiles <name>/main.mo together with common/ to
// canisters/out/<name>.wasm and canisters/out/<name>.did, then checks that the compiled interface equals
// the committed candid/<name>.did (comments and whitespace aside). --update rewrites candid/<name>.did
// with the compiled interface, keeping the committed file's leading comment block.
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.dirname(here);
const outDir = path.join(here, 'out');
const candidDir = path.join(repo, 'candid');

const args = process.argv.slice(2);
const update = args.includes('--update');
const wanted = args.filter(a => !a.startsWith('--'));
const canisters = fs.readdirSync(here, { withFileTypes: true })
  .filter(d => d.isDirectory() && fs.existsSync(path.join(here, d.name, 'main.mo')))
  .map(d => d.name)
  .filter(n => wanted.length === 0 || wanted.includes(n))
  .sort();

const mo = require('motoko');
mo.loadPackage(require('motoko/packages/latest/core.json'));

function writeSources(dir) {
  for (const entry of fs.readdirSync(path.join(here, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) writeSources(rel);
    else if (entry.name.endsWith('.mo')) mo.write(rel, fs.readFileSync(path.join(here, rel), 'utf8'));
  }
}

// Candid text without comments, one token run per line, so formatting never matters.
function normalize(did) {
  return did
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/[^\n]*/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{}();:,=]|->)\s*/g, '$1')
    .replace(/;}/g, '}')
    .trim();
}
const lines = s => normalize(s).replace(/([{};])/g, '$1\n').split('\n').filter(Boolean);

function diff(expected, actual) {
  const a = lines(expected), b = lines(actual);
  // Longest common subsequence, then a unified-style listing: enough for interfaces of this size.
  const dp = Array.from({ length: a.length + 1 }, () => new Int32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const out = [];
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) { i++; j++; }
    else if (j < b.length && (i === a.length || dp[i][j + 1] >= dp[i + 1][j])) out.push(`+ ${b[j++]}`);
    else out.push(`- ${a[i++]}`);
  }
  return out.join('\n');
}

function leadingComments(did) {
  const kept = [];
  for (const line of did.split('\n')) {
    if (line.startsWith('//') || (kept.length && line.trim() === '')) kept.push(line);
    else break;
  }
  while (kept.length && kept[kept.length - 1].trim() === '') kept.pop();
  return kept.length ? kept.join('\n') + '\n\n' : '';
}

fs.mkdirSync(outDir, { recursive: true });
writeSources('common');
let failures = 0;
for (const name of canisters) {
  writeSources(name);
  const main = `${name}/main.mo`;
  const started = Date.now();
  const diagnostics = mo.check(main);
  for (const d of diagnostics) {
    const severity = d.severity === 1 ? 'error' : 'warning';
    console.log(`${d.source}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${severity} ${d.code ?? ''}: ${d.message}`);
  }
  if (diagnostics.some(d => d.severity === 1)) { failures++; continue; }
  const { wasm, candid } = mo.wasm(main, 'ic');
  fs.writeFileSync(path.join(outDir, `${name}.wasm`), wasm);
  fs.writeFileSync(path.join(outDir, `${name}.did`), candid);
  const digest = createHash('sha256').update(wasm).digest('hex');
  console.log(`${name}: ${wasm.length} bytes, sha256 ${digest}, ${Date.now() - started} ms`);

  const committedPath = path.join(candidDir, `${name}.did`);
  const committed = fs.existsSync(committedPath) ? fs.readFileSync(committedPath, 'utf8') : null;
  if (update) {
    fs.writeFileSync(committedPath, (committed ? leadingComments(committed) : '') + candid);
    console.log(`${name}: wrote candid/${name}.did`);
  } else if (committed === null) {
    console.error(`${name}: candid/${name}.did is missing (run with --update to create it)`);
    failures++;
  } else if (normalize(committed) !== normalize(candid)) {
    console.error(`${name}: the compiled interface differs from candid/${name}.did (- committed, + compiled):`);
    console.error(diff(committed, candid));
    failures++;
  } else {
    console.log(`${name}: interface matches candid/${name}.did`);
  }
}
process.exit(failures ? 1 : 0);
