// Compiles the suite's Motoko canisters offline with the npm build of the Motoko compiler (no dfx, no network).
// Usage: import { compile } from './build.mjs'; const wasm = compile('canisters/Counter.mo');
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);

/** Compiles one actor to a module (enhanced orthogonal persistence, Motoko's default). */
export function compile(path) {
  const mo = require('motoko');
  mo.loadPackage(require('motoko/packages/latest/core.json'));
  mo.write('Main.mo', readFileSync(new URL(path, import.meta.url), 'utf8'));
  const { wasm } = mo.wasm('Main.mo', 'ic');
  return wasm;
}
