/** Content identity: an exact hash and a near-duplicate SimHash of the article text. */
import { createHash } from 'node:crypto';

export function contentHash(text: string): string {
  return 'sha256:' + createHash('sha256').update(text).digest('hex');
}

/**
 * 64-bit SimHash over word 3-shingles (lower-cased), as 16 hex digits.
 * Near-identical texts give fingerprints a few bits apart. Each token is hashed once
 * and shingle hashes are mixed from token hashes, so no shingle strings are built.
 */
export function simhash64(text: string): string {
  const { lo, hi, n } = hashTokens(text);
  if (n === 0) return '0000000000000000';
  // Count set bits per position; only set bits are visited (about half of them).
  const ones = new Int32Array(64);
  let shingles = 0;
  const add = (a: number, b: number) => {
    shingles++;
    for (let x = a; x !== 0; x &= x - 1) ones[31 - Math.clz32(x & -x)]!++;
    for (let x = b; x !== 0; x &= x - 1) ones[63 - Math.clz32(x & -x)]!++;
  };
  if (n < 3) {
    add(mix(lo[0]!, lo[n - 1]!, n), mix(hi[0]!, hi[n - 1]!, n));
  } else {
    for (let i = 0; i + 3 <= n; i++) {
      add(mix(mix(lo[i]!, lo[i + 1]!, 1), lo[i + 2]!, 2), mix(mix(hi[i]!, hi[i + 1]!, 1), hi[i + 2]!, 2));
    }
  }
  // A bit is set when more than half of the shingles set it (weight > 0).
  const weights = ones.map((count) => 2 * count - shingles);
  let outLo = 0;
  let outHi = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (weights[bit]! > 0) outLo |= 1 << bit;
    if (weights[bit + 32]! > 0) outHi |= 1 << bit;
  }
  return (outHi >>> 0).toString(16).padStart(8, '0') + (outLo >>> 0).toString(16).padStart(8, '0');
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const FNV_PRIME = 0x01000193;

/**
 * For a UTF-16 code unit outside ASCII: its lower-cased code unit when it is a letter or
 * digit, else 0. Built one 256-unit block at a time on first use, so non-Latin text costs
 * one array read per character instead of a Unicode regex test and a lower-cased copy.
 */
const lowerWordBlocks: (Uint16Array | undefined)[] = [];

function lowerWordUnit(unit: number): number {
  const high = unit >> 8;
  let block = lowerWordBlocks[high];
  if (block === undefined) {
    block = new Uint16Array(256);
    for (let low = 0; low < 256; low++) {
      const ch = String.fromCharCode((high << 8) | low);
      if (WORD_CHAR.test(ch)) block[low] = ch.toLowerCase().charCodeAt(0);
    }
    lowerWordBlocks[high] = block;
  }
  return block[unit & 255]!;
}

/**
 * Splits text into tokens (runs of letters, digits and `_`, lower-cased) and hashes
 * each twice, in one pass without building token strings: the same tokens as
 * `/[\p{L}\p{N}_]+/gu` over the lower-cased text, far fewer allocations.
 */
function hashTokens(text: string): { lo: Uint32Array; hi: Uint32Array; n: number } {
  let lo = new Uint32Array(256);
  let hi = new Uint32Array(256);
  let n = 0;
  let hLo = 0x811c9dc5;
  let hHi = 0x050c5d1f;
  let inToken = false;
  const end = () => {
    if (n === lo.length) {
      const grownLo = new Uint32Array(n * 2);
      const grownHi = new Uint32Array(n * 2);
      grownLo.set(lo);
      grownHi.set(hi);
      lo = grownLo;
      hi = grownHi;
    }
    lo[n] = fmix(hLo);
    hi[n] = fmix(hHi);
    n++;
    hLo = 0x811c9dc5;
    hHi = 0x050c5d1f;
    inToken = false;
  };
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    let word: boolean;
    if (c < 128) {
      word = (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || c === 95 || (c >= 65 && c <= 90);
      if (c >= 65 && c <= 90) c += 32;
    } else {
      const lower = lowerWordUnit(c);
      word = lower !== 0;
      c = lower;
    }
    if (word) {
      hLo = Math.imul(hLo ^ c, FNV_PRIME);
      hHi = Math.imul(hHi ^ c, FNV_PRIME);
      inToken = true;
    } else if (inToken) {
      end();
    }
  }
  if (inToken) end();
  return { lo, hi, n };
}

/** murmur3 fmix32: spreads a hash over all bits. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Order-dependent combination of two 32-bit hashes (murmur3-style mixing). */
function mix(a: number, b: number, position: number): number {
  let h = Math.imul(a ^ Math.imul(position, 0x9e3779b1), 0xcc9e2d51);
  h = (h << 15) | (h >>> 17);
  h = Math.imul(h, 0x1b873593) ^ b;
  h = (h << 13) | (h >>> 19);
  h = Math.imul(h, 5) + 0xe6546b64;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** Number of differing bits between two 16-hex-digit fingerprints. */
export function hammingDistance(a: string, b: string): number {
  let x = BigInt('0x' + a) ^ BigInt('0x' + b);
  let count = 0;
  while (x > 0n) {
    x &= x - 1n;
    count++;
  }
  return count;
}
