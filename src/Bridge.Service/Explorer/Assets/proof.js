// Checks an RFC 6962 / RFC 9162 inclusion proof in the browser, with WebCrypto's SHA-256 only:
// leaf hash SHA-256(0x00 ‖ leaf), node hash SHA-256(0x01 ‖ left ‖ right), against the batch header's root and
// receipt_count (the tree size), by the algorithm of RFC 9162 section 2.1.3.2. Everything it reads comes from the
// page's DOM (data attributes and the listed path), never from inline script.
"use strict";
(function () {
  function hexToBytes(hex) {
    hex = hex.trim();
    if (!/^([0-9a-fA-F]{2})*$/.test(hex)) throw new Error("not hex: " + hex.slice(0, 16));
    const out = new Uint8Array(hex.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
    return out;
  }
  function toHex(bytes) { return Array.from(bytes, b => b.toString(16).padStart(2, "0")).join(""); }
  async function sha256(...parts) {
    const total = parts.reduce((n, p) => n + p.length, 0), all = new Uint8Array(total);
    let at = 0;
    for (const p of parts) { all.set(p, at); at += p.length; }
    return new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  }
  const LEAF = Uint8Array.of(0), NODE = Uint8Array.of(1);

  // RFC 9162 2.1.3.2: true when path proves leaf at index in a tree of size whose root is root.
  async function verifyInclusion(leaf, index, size, path, root) {
    if (index >= size) return false;
    let fn = index, sn = size - 1n, r = await sha256(LEAF, leaf);
    for (const p of path) {
      if (p.length !== 32 || sn === 0n) return false;
      if ((fn & 1n) === 1n || fn === sn) {
        r = await sha256(NODE, p, r);
        if ((fn & 1n) === 0n) while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      } else {
        r = await sha256(NODE, r, p);
      }
      fn >>= 1n; sn >>= 1n;
    }
    return sn === 0n && toHex(r) === toHex(root);
  }

  async function check() {
    const data = document.getElementById("proof-data"), result = document.getElementById("proof-result");
    result.className = "proof-result";
    result.textContent = "Checking…";
    try {
      if (!window.crypto || !crypto.subtle) throw new Error("this browser offers no WebCrypto here (it needs HTTPS or localhost)");
      const leaf = hexToBytes(data.dataset.leaf), root = hexToBytes(data.dataset.root);
      const index = BigInt(data.dataset.index), size = BigInt(data.dataset.size);
      const path = Array.from(document.querySelectorAll("#proof-path .proof-node"), n => hexToBytes(n.textContent));
      const leafHash = toHex(await sha256(LEAF, leaf));
      const ok = await verifyInclusion(leaf, index, size, path, root);
      result.classList.add(ok ? "pass" : "fail");
      result.textContent = ok
        ? "Verified: leaf " + index + " (leaf hash " + leafHash.slice(0, 16) + "…) is in the tree of " + size + " receipts whose root is the batch header's root."
        : "Not verified: this proof does not lead from leaf " + index + " to the batch header's root for a tree of " + size + " receipts.";
      result.dataset.outcome = ok ? "pass" : "fail";
    } catch (e) {
      result.classList.add("fail");
      result.dataset.outcome = "error";
      result.textContent = "Could not check the proof: " + e.message;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.getElementById("check-proof").addEventListener("click", check);
    check();
  });
})();
