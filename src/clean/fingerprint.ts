/** Content identity: an exact hash and a near-duplicate SimHash of the article text. */
import { createHash } from 'node:crypto';

export function contentHash(text: string): string {
  return 'sha256:' + createHash('sha256').update(text).digest('hex');
}

const TOKEN = /[\p{L}\p{N}_]+/gu;
/** 32-bit FNV-1a with a chosen offset basis; two bases give the two halves of a 64-bit hash. */
function fnv1a32(s: string, basis: number): number {
  let h = basis;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche (murmur3 fmix32) so short shingles spread over all bits.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * 64-bit SimHash over word 3-shingles (lower-cased), as 16 hex digits.
 * Near-identical texts give fingerprints a few bits apart. Each token is hashed once
 * and shingle hashes are mixed from token hashes, so no shingle strings are built.
 */
export function simhash64(text: string): string {
  const tokens = text.toLowerCase().match(TOKEN) ?? [];
  const n = tokens.length;
  if (n === 0) return '0000000000000000';
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    lo[i] = fnv1a32(tokens[i]!, 0x811c9dc5);
    hi[i] = fnv1a32(tokens[i]!, 0x050c5d1f);
  }
  const weights = new Int32Array(64);
  const add = (a: number, b: number) => {
    for (let bit = 0; bit < 32; bit++) {
      weights[bit]! += (a >>> bit) & 1 ? 1 : -1;
      weights[bit + 32]! += (b >>> bit) & 1 ? 1 : -1;
    }
  };
  if (n < 3) {
    add(mix(lo[0]!, lo[n - 1]!, n), mix(hi[0]!, hi[n - 1]!, n));
  } else {
    for (let i = 0; i + 3 <= n; i++) {
      add(mix(mix(lo[i]!, lo[i + 1]!, 1), lo[i + 2]!, 2), mix(mix(hi[i]!, hi[i + 1]!, 1), hi[i + 2]!, 2));
    }
  }
  let outLo = 0;
  let outHi = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (weights[bit]! > 0) outLo |= 1 << bit;
    if (weights[bit + 32]! > 0) outHi |= 1 << bit;
  }
  return (outHi >>> 0).toString(16).padStart(8, '0') + (outLo >>> 0).toString(16).padStart(8, '0');
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
