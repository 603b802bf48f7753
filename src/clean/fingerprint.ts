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
 * Near-identical texts give fingerprints a few bits apart.
 */
export function simhash64(text: string): string {
  const tokens = text.toLowerCase().match(TOKEN) ?? [];
  const weights = new Int32Array(64);
  const shingles = tokens.length < 3 ? [tokens.join(' ')] : [];
  for (let i = 0; i + 3 <= tokens.length; i++) shingles.push(`${tokens[i]} ${tokens[i + 1]} ${tokens[i + 2]}`);
  for (const shingle of shingles) {
    if (shingle === '') continue;
    const lo = fnv1a32(shingle, 0x811c9dc5);
    const hi = fnv1a32(shingle, 0x050c5d1f);
    for (let bit = 0; bit < 32; bit++) {
      weights[bit]! += (lo >>> bit) & 1 ? 1 : -1;
      weights[bit + 32]! += (hi >>> bit) & 1 ? 1 : -1;
    }
  }
  let lo = 0;
  let hi = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (weights[bit]! > 0) lo |= 1 << bit;
    if (weights[bit + 32]! > 0) hi |= 1 << bit;
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
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
