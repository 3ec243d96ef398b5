#!/usr/bin/env node
// A small command line over @icp-sdk/core's Candid codec, the JavaScript reference for our tests.
//
//   node candid.mjs encode '<types>' '<value JSON>'   -> hex of the encoded message
//   node candid.mjs decode '<types>' <hex>            -> JSON rendering of the decoded values
//   node candid.mjs serve                             -> JSON lines on stdin/stdout (see below)
//
// <types> is Candid text: optional definitions (`type Value = variant { ... };`) followed by the
// argument sequence, e.g. `type T = record { a : nat }; (vec T, opt text)`. A lone type without
// parentheses is taken as a one-element sequence.
//
// JSON conventions, the same for input and output. The value JSON is always an array with one item
// per type of the sequence (so `(nat)` takes `["42"]`), and decode prints such an array.
//   nat, int, nat64, int64       string of decimal digits (numbers accepted on input)
//   nat8..nat32, int8..int32     number
//   float32, float64             number, or "NaN" / "Infinity" / "-Infinity"
//   bool, text                   JSON boolean / string
//   null, reserved               null
//   principal                    textual form ("aaaaa-aa")
//   blob, vec nat8               lower-case hex string (an array of numbers accepted on input)
//   vec T                        array
//   opt T                        [] or [v]
//   record { a : T; ... }        object keyed by field name; numeric labels as "_N_"
//   record { T1; T2 }            array (a tuple: all fields unlabelled)
//   variant { A : T; B }         object with exactly one key, { "A": v } or { "B": null }
// func and service types are rejected with an error.
//
// serve mode reads one JSON request per line: {"op":"encode","types":"...","value":[...]} or
// {"op":"decode","types":"...","hex":"..."}, and writes one line per request:
// {"ok":true,"hex":"..."} / {"ok":true,"value":[...]} or {"ok":false,"error":"..."}.
import { IDL } from '@icp-sdk/core/candid';
import { Principal } from '@icp-sdk/core/principal';
import { createInterface } from 'node:readline';

// ---------------------------------------------------------------- lexer

const PRIMS = new Set(['nat', 'nat8', 'nat16', 'nat32', 'nat64', 'int', 'int8', 'int16', 'int32', 'int64',
  'float32', 'float64', 'bool', 'text', 'null', 'reserved', 'empty', 'principal']);
const KEYWORDS = new Set(['type', 'opt', 'vec', 'record', 'variant', 'blob', 'func', 'service', 'import',
  'oneway', 'query', 'composite_query']);

function tokenize(src) {
  const toks = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (src.startsWith('//', i)) { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (src.startsWith('/*', i)) {
      let depth = 1; i += 2;
      while (i < src.length && depth > 0) {
        if (src.startsWith('/*', i)) { depth++; i += 2; } else if (src.startsWith('*/', i)) { depth--; i += 2; } else i++;
      }
      if (depth > 0) throw new Error('unterminated comment');
      continue;
    }
    if (src.startsWith('->', i)) { toks.push({ t: 'sym', v: '->', at: i }); i += 2; continue; }
    if ('(){};:,='.includes(c)) { toks.push({ t: 'sym', v: c, at: i }); i++; continue; }
    if (c === '"') {
      let s = ''; i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\') {
          const n = src[i + 1];
          if (n === 'n') s += '\n'; else if (n === 't') s += '\t'; else if (n === 'r') s += '\r';
          else if (n === '"' || n === '\\' || n === "'") s += n;
          else if (n === 'u' && src[i + 2] === '{') {
            const end = src.indexOf('}', i); s += String.fromCodePoint(parseInt(src.slice(i + 3, end), 16)); i = end - 1;
          } else throw new Error(`unsupported escape \\${n} at ${i}`);
          i += 2;
        } else s += src[i++];
      }
      if (i >= src.length) throw new Error('unterminated string');
      i++;
      toks.push({ t: 'str', v: s, at: i });
      continue;
    }
    const m = /^(0x[0-9a-fA-F_]+|[0-9][0-9_]*|[A-Za-z_][A-Za-z0-9_]*)/.exec(src.slice(i));
    if (!m) throw new Error(`unexpected character '${c}' at ${i}`);
    const w = m[0];
    if (/^[0-9]/.test(w)) toks.push({ t: 'num', v: Number(w.replace(/_/g, '')), at: i });
    else toks.push({ t: 'id', v: w, at: i });
    i += w.length;
  }
  toks.push({ t: 'eof', v: '<end>', at: src.length });
  return toks;
}

// ---------------------------------------------------------------- parser (Candid text -> AST)

export function parseTypes(src) {
  const toks = tokenize(src);
  let p = 0;
  const peek = (o = 0) => toks[p + o];
  const isSym = (v, o = 0) => peek(o).t === 'sym' && peek(o).v === v;
  const isId = (v, o = 0) => peek(o).t === 'id' && peek(o).v === v;
  const expect = (v) => {
    if (!isSym(v)) throw new Error(`expected '${v}' but found '${peek().v}' at ${peek().at}`);
    p++;
  };
  const defs = new Map();

  function label() {
    const tk = peek();
    if (tk.t === 'num') { p++; if (!(tk.v >= 0 && tk.v < 2 ** 32)) throw new Error(`label ${tk.v} out of range`); return { id: tk.v }; }
    if (tk.t === 'str' || tk.t === 'id') { p++; return { name: tk.v }; }
    throw new Error(`expected a field label at ${tk.at}`);
  }

  function fields(isVariant) {
    expect('{');
    const out = [];
    let next = 0;
    while (!isSym('}')) {
      const labelled = (peek().t === 'num' || peek().t === 'str' || peek().t === 'id') && isSym(':', 1);
      if (labelled) {
        const l = label(); expect(':');
        out.push({ ...l, t: datatype() });
        if (l.id !== undefined) next = l.id + 1;
      } else if (isVariant) {
        const l = label();
        out.push({ ...l, t: { k: 'prim', name: 'null' } });
      } else {
        out.push({ id: next++, t: datatype(), positional: true });
      }
      if (!isSym('}')) expect(';');
    }
    expect('}');
    return out;
  }

  function datatype() {
    const tk = peek();
    if (tk.t !== 'id') throw new Error(`expected a type but found '${tk.v}' at ${tk.at}`);
    p++;
    const w = tk.v;
    if (PRIMS.has(w)) return { k: 'prim', name: w };
    switch (w) {
      case 'opt': return { k: 'opt', t: datatype() };
      case 'vec': return { k: 'vec', t: datatype() };
      case 'blob': return { k: 'vec', t: { k: 'prim', name: 'nat8' } };
      case 'record': {
        const fs = fields(false);
        const tuple = fs.length > 0 && fs.every((f, i) => f.id === i && f.positional);
        return { k: 'record', fields: fs, tuple };
      }
      case 'variant': return { k: 'variant', fields: fields(true) };
      case 'func': case 'service':
        throw new Error(`${w} types are not supported by candid.mjs`);
      default:
        if (KEYWORDS.has(w)) throw new Error(`unexpected keyword '${w}' at ${tk.at}`);
        return { k: 'ref', name: w };
    }
  }

  function argSeq() {
    expect('(');
    const out = [];
    while (!isSym(')')) {
      if ((peek().t === 'id' || peek().t === 'str') && isSym(':', 1) && !PRIMS.has(peek().v)) { p += 2; } // named argument
      out.push(datatype());
      if (!isSym(')')) expect(',');
    }
    expect(')');
    return out;
  }

  let args = null;
  while (peek().t !== 'eof') {
    if (isId('type')) {
      p++;
      const nameTok = peek();
      if (nameTok.t !== 'id' && nameTok.t !== 'str') throw new Error(`expected a type name at ${nameTok.at}`);
      p++;
      expect('=');
      if (defs.has(nameTok.v)) throw new Error(`type ${nameTok.v} defined twice`);
      defs.set(nameTok.v, datatype());
      if (isSym(';')) p++;
    } else if (isSym(';')) {
      p++;
    } else if (args === null) {
      args = isSym('(') ? argSeq() : [datatype()];
      if (isSym(';')) p++;
    } else {
      throw new Error(`unexpected '${peek().v}' at ${peek().at}`);
    }
  }
  if (args === null) throw new Error('no argument types given');
  return { defs, args };
}

// ---------------------------------------------------------------- AST -> IDL types

function resolve(defs, t, seen = new Set()) {
  while (t.k === 'ref') {
    if (seen.has(t.name)) throw new Error(`type ${t.name} is defined only in terms of itself`);
    seen.add(t.name);
    const d = defs.get(t.name);
    if (!d) throw new Error(`undefined type ${t.name}`);
    t = d;
  }
  return t;
}

function refsOf(t, acc) {
  switch (t.k) {
    case 'ref': acc.add(t.name); break;
    case 'opt': case 'vec': refsOf(t.t, acc); break;
    case 'record': case 'variant': for (const f of t.fields) refsOf(f.t, acc); break;
  }
  return acc;
}

/** Names of the definitions that lie on a cycle: only those become IDL.Rec. */
function recursiveNames(defs) {
  const direct = new Map([...defs].map(([n, t]) => [n, refsOf(t, new Set())]));
  const rec = new Set();
  for (const start of defs.keys()) {
    const stack = [...(direct.get(start) ?? [])];
    const seen = new Set();
    while (stack.length) {
      const n = stack.pop();
      if (n === start) { rec.add(start); break; }
      if (seen.has(n) || !direct.has(n)) continue;
      seen.add(n);
      stack.push(...direct.get(n));
    }
  }
  return rec;
}

export const jsKey = (f) => (f.name !== undefined ? f.name : `_${f.id}_`);

const PRIM_IDL = {
  nat: IDL.Nat, nat8: IDL.Nat8, nat16: IDL.Nat16, nat32: IDL.Nat32, nat64: IDL.Nat64,
  int: IDL.Int, int8: IDL.Int8, int16: IDL.Int16, int32: IDL.Int32, int64: IDL.Int64,
  float32: IDL.Float32, float64: IDL.Float64, bool: IDL.Bool, text: IDL.Text, null: IDL.Null,
  reserved: IDL.Reserved, empty: IDL.Empty, principal: IDL.Principal,
};

export function toIdl(parsed) {
  const { defs } = parsed;
  const recs = new Map([...recursiveNames(defs)].map((n) => [n, IDL.Rec()]));
  const cache = new Map();
  function conv(t) {
    switch (t.k) {
      case 'prim': return PRIM_IDL[t.name];
      case 'opt': return IDL.Opt(conv(t.t));
      case 'vec': return IDL.Vec(conv(t.t));
      case 'record':
        if (t.tuple) return IDL.Tuple(...t.fields.map((f) => conv(f.t)));
        return IDL.Record(Object.fromEntries(t.fields.map((f) => [jsKey(f), conv(f.t)])));
      case 'variant': return IDL.Variant(Object.fromEntries(t.fields.map((f) => [jsKey(f), conv(f.t)])));
      case 'ref': {
        if (recs.has(t.name)) return recs.get(t.name);
        if (!cache.has(t.name)) {
          const d = defs.get(t.name);
          if (!d) throw new Error(`undefined type ${t.name}`);
          resolve(defs, t);
          cache.set(t.name, conv(d));
        }
        return cache.get(t.name);
      }
      default: throw new Error(`unknown type node ${t.k}`);
    }
  }
  for (const [n, r] of recs) r.fill(conv(defs.get(n)));
  return parsed.args.map(conv);
}

// ---------------------------------------------------------------- JSON <-> JS values, type-directed

const isNat8 = (defs, t) => { const r = resolve(defs, t); return r.k === 'prim' && r.name === 'nat8'; };
const BIG = new Set(['nat', 'int', 'nat64', 'int64']);
const SMALL = new Set(['nat8', 'nat16', 'nat32', 'int8', 'int16', 'int32']);

function fromHex(h) {
  if (typeof h !== 'string' || h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) throw new Error(`invalid hex: ${JSON.stringify(h)}`);
  return Uint8Array.from(Buffer.from(h, 'hex'));
}
const toHex = (u8) => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength).toString('hex');

export function fromJson(defs, t0, v, path = 'value') {
  const t = resolve(defs, t0);
  const fail = (what) => { throw new Error(`${path}: expected ${what}, got ${JSON.stringify(v)}`); };
  switch (t.k) {
    case 'prim': {
      const n = t.name;
      if (BIG.has(n)) {
        if (typeof v === 'string' && /^-?[0-9]+$/.test(v)) return BigInt(v);
        if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
        return fail(`${n} as a decimal string`);
      }
      if (SMALL.has(n)) { if (Number.isInteger(v)) return v; return fail(`${n} as a number`); }
      if (n === 'float32' || n === 'float64') {
        if (typeof v === 'number') return v;
        if (v === 'NaN') return NaN; if (v === 'Infinity') return Infinity; if (v === '-Infinity') return -Infinity;
        return fail(n);
      }
      if (n === 'bool') { if (typeof v === 'boolean') return v; return fail('bool'); }
      if (n === 'text') { if (typeof v === 'string') return v; return fail('text'); }
      if (n === 'null' || n === 'reserved') { if (v === null) return null; return fail('null'); }
      if (n === 'principal') { if (typeof v === 'string') return Principal.fromText(v); return fail('principal text'); }
      if (n === 'empty') throw new Error(`${path}: type empty has no values`);
      throw new Error(`unknown primitive ${n}`);
    }
    case 'opt':
      if (!Array.isArray(v) || v.length > 1) return fail('opt as [] or [value]');
      return v.length === 0 ? [] : [fromJson(defs, t.t, v[0], `${path}[0]`)];
    case 'vec':
      if (isNat8(defs, t.t)) {
        if (typeof v === 'string') return fromHex(v);
        if (Array.isArray(v)) return Uint8Array.from(v);
        return fail('blob as a hex string');
      }
      if (!Array.isArray(v)) return fail('an array');
      return v.map((x, i) => fromJson(defs, t.t, x, `${path}[${i}]`));
    case 'record':
      if (t.tuple) {
        if (!Array.isArray(v) || v.length !== t.fields.length) return fail(`a tuple of ${t.fields.length}`);
        return t.fields.map((f, i) => fromJson(defs, f.t, v[i], `${path}[${i}]`));
      }
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return fail('an object');
      for (const k of Object.keys(v)) if (!t.fields.some((f) => jsKey(f) === k)) throw new Error(`${path}: unknown field ${k}`);
      return Object.fromEntries(t.fields.map((f) => {
        const k = jsKey(f);
        if (!(k in v)) throw new Error(`${path}: missing field ${k}`);
        return [k, fromJson(defs, f.t, v[k], `${path}.${k}`)];
      }));
    case 'variant': {
      if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.keys(v).length !== 1) return fail('an object with one key');
      const k = Object.keys(v)[0];
      const f = t.fields.find((x) => jsKey(x) === k);
      if (!f) throw new Error(`${path}: unknown variant case ${k}`);
      return { [k]: fromJson(defs, f.t, v[k], `${path}.${k}`) };
    }
    default: throw new Error(`unexpected type node ${t.k}`);
  }
}

export function toJson(defs, t0, v) {
  const t = resolve(defs, t0);
  switch (t.k) {
    case 'prim': {
      const n = t.name;
      if (BIG.has(n) || SMALL.has(n)) return BIG.has(n) ? BigInt(v).toString() : Number(v);
      if (n === 'float32' || n === 'float64') return Number.isFinite(v) ? v : String(v);
      if (n === 'principal') return v.toText();
      if (n === 'null' || n === 'reserved') return null;
      return v;
    }
    case 'opt': return v.length === 0 ? [] : [toJson(defs, t.t, v[0])];
    case 'vec':
      if (isNat8(defs, t.t)) return toHex(v instanceof Uint8Array ? v : Uint8Array.from(v));
      return Array.from(v, (x) => toJson(defs, t.t, x));
    case 'record':
      if (t.tuple) return t.fields.map((f, i) => toJson(defs, f.t, v[i]));
      return Object.fromEntries(t.fields.map((f) => [jsKey(f), toJson(defs, f.t, v[jsKey(f)])]));
    case 'variant': {
      const k = Object.keys(v)[0];
      const f = t.fields.find((x) => jsKey(x) === k);
      if (!f) throw new Error(`decoded unknown variant case ${k}`);
      return { [k]: toJson(defs, f.t, v[k]) };
    }
    default: throw new Error(`unexpected type node ${t.k}`);
  }
}

// ---------------------------------------------------------------- operations

export function encode(typesText, value) {
  const parsed = parseTypes(typesText);
  const types = toIdl(parsed);
  if (!Array.isArray(value) || value.length !== parsed.args.length) {
    throw new Error(`expected a JSON array of ${parsed.args.length} argument value(s), one per type in the sequence`);
  }
  const js = parsed.args.map((t, i) => fromJson(parsed.defs, t, value[i], `arg${i}`));
  return toHex(IDL.encode(types, js));
}

export function decode(typesText, hex) {
  const parsed = parseTypes(typesText);
  const types = toIdl(parsed);
  const out = IDL.decode(types, fromHex(hex.trim()));
  return parsed.args.map((t, i) => toJson(parsed.defs, t, out[i]));
}

function serve() {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on('line', (line) => {
    if (!line.trim()) return;
    let res;
    try {
      const req = JSON.parse(line);
      if (req.op === 'encode') res = { ok: true, hex: encode(req.types, req.value) };
      else if (req.op === 'decode') res = { ok: true, value: decode(req.types, req.hex) };
      else if (req.op === 'ping') res = { ok: true };
      else throw new Error(`unknown op ${req.op}`);
    } catch (e) {
      res = { ok: false, error: String(e && e.message ? e.message : e) };
    }
    process.stdout.write(JSON.stringify(res) + '\n');
  });
}

function main(argv) {
  const [cmd, a, b] = argv;
  try {
    if (cmd === 'encode' && a !== undefined && b !== undefined) {
      process.stdout.write(encode(a, JSON.parse(b)) + '\n');
    } else if (cmd === 'decode' && a !== undefined && b !== undefined) {
      process.stdout.write(JSON.stringify(decode(a, b)) + '\n');
    } else if (cmd === 'serve') {
      serve();
    } else {
      process.stderr.write("usage: candid.mjs encode '<types>' '<value JSON>' | decode '<types>' <hex> | serve\n");
      process.exitCode = 2;
    }
  } catch (e) {
    process.stderr.write(`candid.mjs: ${e && e.message ? e.message : e}\n`);
    process.exitCode = 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('candid.mjs')) main(process.argv.slice(2));
