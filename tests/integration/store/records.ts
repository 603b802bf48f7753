/** Builds valid article records for the store suite. */
import { contentHash, simhash64 } from '../../../src/clean/fingerprint.js';
import { RECORD_SCHEMA, type ArticleRecord } from '../../../src/record.js';
import { canonicalizeUrl, recordIdFor } from '../../../src/url.js';

let counter = 0;

/**
 * A record for `https://news.example/<slug>`; text, hash and fingerprint agree unless
 * `overrides` pins a fingerprint (near-duplicate tests choose exact bit distances).
 */
export function makeRecord(overrides: Partial<ArticleRecord> & { slug?: string } = {}): ArticleRecord {
  const { slug = `story-${++counter}`, ...rest } = overrides;
  const url = rest.url ?? `https://news.example/${slug}`;
  const canonicalUrl = rest.canonicalUrl ?? canonicalizeUrl(url);
  const paragraphs = rest.paragraphs ?? [`Body of ${slug}, first paragraph.`, `Second paragraph of ${slug}.`];
  const text = rest.text ?? paragraphs.join('\n\n');
  return {
    schema: RECORD_SCHEMA,
    id: recordIdFor(canonicalUrl),
    url,
    finalUrl: url,
    canonicalUrl,
    fetchedAt: '2025-03-01T10:00:00.000Z',
    isArticle: true,
    title: `Title of ${slug}`,
    description: null,
    siteName: 'News Example',
    byline: [],
    publishedAt: '2025-03-01T08:00:00.000Z',
    modifiedAt: null,
    lang: 'en',
    paragraphs,
    text,
    captions: [],
    embeds: [],
    contentHash: contentHash(text),
    fingerprint: simhash64(text),
    ...rest,
  };
}

/** Same record with new text (hash and fingerprint recomputed). */
export function withText(record: ArticleRecord, text: string): ArticleRecord {
  return { ...record, paragraphs: text === '' ? [] : text.split('\n\n'), text, contentHash: contentHash(text), fingerprint: simhash64(text) };
}

/** `fingerprint` with `n` distinct bits flipped (spread out, n ≤ 64 with the default stride): exactly `n` bits away. */
export function flipBits(fingerprint: string, n: number, stride = 7): string {
  let x = BigInt('0x' + fingerprint);
  for (let i = 0; i < n; i++) x ^= 1n << BigInt((i * stride) % 64);
  return x.toString(16).padStart(16, '0');
}

/** A fixed, busy fingerprint (not the empty-text one). */
export const BASE_FINGERPRINT = 'a5c3f00f12345678';
