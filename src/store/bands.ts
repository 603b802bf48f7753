/**
 * Banded near-duplicate index. A 64-bit fingerprint is split into four 16-bit
 * bands; by pigeonhole, two fingerprints at most 3 bits apart agree on at least
 * one band, so an equality lookup on each band column finds every candidate and
 * the exact Hamming distance is verified in code.
 */
import { simhash64 } from '../clean/fingerprint.js';
import { GleanerError } from '../errors.js';

export const BAND_COUNT = 4;
/** The banded index only guarantees recall up to BAND_COUNT - 1 differing bits. */
export const MAX_INDEXED_DISTANCE = BAND_COUNT - 1;
export const DEFAULT_MAX_DISTANCE = 3;

export type Bands = readonly [number, number, number, number];

const FINGERPRINT = /^[0-9a-f]{16}$/i;
/** simhash64 of empty text; every empty article shares it, so it must never match. */
const EMPTY_FINGERPRINT = simhash64('');

/** A fingerprint that may take part in matching: well-formed and not the empty-text one. */
export function isMatchableFingerprint(fingerprint: string): boolean {
  return FINGERPRINT.test(fingerprint) && fingerprint.toLowerCase() !== EMPTY_FINGERPRINT;
}

/** Bands to index for a record, or null when it must never be a candidate (empty text, bad fingerprint). */
export function recordBands(text: string, fingerprint: string): Bands | null {
  if (text.trim() === '' || !isMatchableFingerprint(fingerprint)) return null;
  return bandsOf(fingerprint);
}

export function bandsOf(fingerprint: string): Bands {
  const fp = fingerprint.toLowerCase();
  return [
    parseInt(fp.slice(0, 4), 16),
    parseInt(fp.slice(4, 8), 16),
    parseInt(fp.slice(8, 12), 16),
    parseInt(fp.slice(12, 16), 16),
  ];
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Hamming distance of two 16-hex-digit fingerprints without BigInt (hot path of every look-up). */
export function fingerprintDistance(a: string, b: string): number {
  const hi = parseInt(a.slice(0, 8), 16) ^ parseInt(b.slice(0, 8), 16);
  const lo = parseInt(a.slice(8, 16), 16) ^ parseInt(b.slice(8, 16), 16);
  return popcount32(hi) + popcount32(lo);
}

export function checkMaxDistance(value: number | undefined): number {
  const d = value ?? DEFAULT_MAX_DISTANCE;
  if (!Number.isInteger(d) || d < 0 || d > MAX_INDEXED_DISTANCE) {
    throw new GleanerError(
      'INVALID_INPUT',
      `maxDistance must be an integer from 0 to ${MAX_INDEXED_DISTANCE} (the banded index cannot guarantee more), got ${String(value)}`,
    );
  }
  return d;
}

export interface Candidate {
  id: string;
  fingerprint: string;
}

/** First candidate (callers pass them earliest-stored first) within `maxDistance`, skipping `excludeId`. */
export function pickNearDuplicate(
  fingerprint: string,
  candidates: Iterable<Candidate>,
  options: { maxDistance: number; excludeId?: string | undefined },
): string | null {
  for (const c of candidates) {
    if (c.id === options.excludeId) continue;
    if (fingerprintDistance(fingerprint, c.fingerprint) <= options.maxDistance) return c.id;
  }
  return null;
}
