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
  // Per bit position, how many shingles set it — bit-sliced: plane j holds bit j of the
  // 32 counters of one half, and adding a shingle is a binary increment of the planes
  // (about two steps on average) rather than a visit to each of its ~32 set bits.
  const planesLo = new Int32Array(32);
  const planesHi = new Int32Array(32);
  const shingles = n < 3 ? 1 : n - 2;
  for (let i = 0; i < shingles; i++) {
    let carryLo: number;
    let carryHi: number;
    if (n < 3) {
      carryLo = mix(lo[0]!, lo[n - 1]!, n);
      carryHi = mix(hi[0]!, hi[n - 1]!, n);
    } else {
      carryLo = mix(mix(lo[i]!, lo[i + 1]!, 1), lo[i + 2]!, 2);
      carryHi = mix(mix(hi[i]!, hi[i + 1]!, 1), hi[i + 2]!, 2);
    }
    carryLo |= 0;
    carryHi |= 0;
    for (let j = 0; carryLo !== 0; j++) {
      const next = planesLo[j]! & carryLo;
      planesLo[j]! ^= carryLo;
      carryLo = next;
    }
    for (let j = 0; carryHi !== 0; j++) {
      const next = planesHi[j]! & carryHi;
      planesHi[j]! ^= carryHi;
      carryHi = next;
    }
  }
  // A bit is set when more than half of the shingles set it.
  let outLo = 0;
  let outHi = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (2 * countAt(planesLo, bit) > shingles) outLo |= 1 << bit;
    if (2 * countAt(planesHi, bit) > shingles) outHi |= 1 << bit;
  }
  return (outHi >>> 0).toString(16).padStart(8, '0') + (outLo >>> 0).toString(16).padStart(8, '0');
}

/** The counter at `bit`, read back from its bit planes. */
function countAt(planes: Int32Array, bit: number): number {
  let count = 0;
  for (let j = 0, weight = 1; j < planes.length; j++, weight *= 2) count += ((planes[j]! >>> bit) & 1) * weight;
  return count;
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
  // At most one token per two characters, plus one: no growing needed.
  const capacity = (text.length >> 1) + 1;
  const lo = new Uint32Array(capacity);
  const hi = new Uint32Array(capacity);
  let n = 0;
  let hLo = FNV_OFFSET_LO;
  let hHi = FNV_OFFSET_HI;
  let inToken = false;
  for (let i = 0; i <= text.length; i++) {
    // One step past the end closes the last token.
    const c = i < text.length ? text.charCodeAt(i) : 32;
    const lower = c < 128 ? ASCII_LOWER_WORD[c]! : lowerWordUnit(c);
    if (lower !== 0) {
      hLo = Math.imul(hLo ^ lower, FNV_PRIME);
      hHi = Math.imul(hHi ^ lower, FNV_PRIME);
      inToken = true;
    } else if (inToken) {
      lo[n] = fmix(hLo);
      hi[n] = fmix(hHi);
      n++;
      hLo = FNV_OFFSET_LO;
      hHi = FNV_OFFSET_HI;
      inToken = false;
    }
  }
  return { lo, hi, n };
}

const FNV_OFFSET_LO = 0x811c9dc5;
const FNV_OFFSET_HI = 0x050c5d1f;

/** ASCII letters, digits and "_", lower-cased; 0 for every other ASCII character. */
const ASCII_LOWER_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 48 && c <= 57) || (c >= 97 && c <= 122) || c === 95) ASCII_LOWER_WORD[c] = c;
  else if (c >= 65 && c <= 90) ASCII_LOWER_WORD[c] = c + 32;
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
