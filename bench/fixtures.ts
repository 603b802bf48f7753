/**
 * `npm run fixtures`: runs the extractor on ../shared/fixtures and prints, per page,
 * the fields that differ from the expected record. Skips cleanly without ../shared.
 * Embeds match on (platform, id); captions compare as a set of (text, credit, imageUrl);
 * publishedAt compares as instants.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { extractOrError } from '../src/extract/index.js';
import type { ArticleRecord, Caption, Embed } from '../src/record.js';
import { SHARED_DIR, readManifest, sharedAvailable } from './lib/pages.js';

type Expected = Pick<ArticleRecord, 'url' | 'isArticle' | 'title' | 'byline' | 'publishedAt' | 'siteName' | 'lang' | 'paragraphs' | 'captions' | 'embeds'>;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function sameInstant(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.length === 10 || b.length === 10) return a === b;
  return Date.parse(a) === Date.parse(b);
}

function diffPage(got: ArticleRecord, want: Expected): string[] {
  const out: string[] = [];
  for (const key of ['isArticle', 'title', 'byline', 'siteName', 'lang'] as const) {
    if (!same(got[key], want[key])) out.push(`${key}: got ${JSON.stringify(got[key])} want ${JSON.stringify(want[key])}`);
  }
  if (!sameInstant(got.publishedAt, want.publishedAt)) out.push(`publishedAt: got ${got.publishedAt} want ${want.publishedAt}`);
  const gotP = new Set(got.paragraphs);
  const wantP = new Set(want.paragraphs);
  for (const p of want.paragraphs) if (!gotP.has(p)) out.push(`paragraph missing: ${p.slice(0, 110)}`);
  for (const p of got.paragraphs) if (!wantP.has(p)) out.push(`paragraph extra:   ${p.slice(0, 110)}`);
  if (out.every((l) => !l.startsWith('paragraph')) && !same(got.paragraphs, want.paragraphs)) out.push('paragraphs: same set, different order');
  const capKey = (c: Caption) => JSON.stringify([c.text, c.credit, c.imageUrl]);
  const gotC = new Set(got.captions.map(capKey));
  const wantC = new Set(want.captions.map(capKey));
  for (const c of wantC) if (!gotC.has(c)) out.push(`caption missing: ${c.slice(0, 160)}`);
  for (const c of gotC) if (!wantC.has(c)) out.push(`caption extra:   ${c.slice(0, 160)}`);
  const embKey = (e: Embed) => `${e.platform}:${e.id}`;
  const gotE = new Map(got.embeds.map((e) => [embKey(e), e]));
  for (const w of want.embeds) {
    const g = gotE.get(embKey(w));
    if (g === undefined) {
      out.push(`embed missing: ${embKey(w)} ${w.url}`);
      continue;
    }
    for (const field of ['url', 'author', 'handle', 'text', 'publishedAt', 'media'] as const) {
      if (!same(g[field], w[field])) out.push(`embed ${embKey(w)} ${field}: got ${JSON.stringify(g[field])} want ${JSON.stringify(w[field])}`);
    }
  }
  const wantE = new Set(want.embeds.map(embKey));
  for (const g of got.embeds) if (!wantE.has(embKey(g))) out.push(`embed extra: ${embKey(g)} ${g.url}`);
  if (out.length === 0 && !same(got.embeds.map(embKey), want.embeds.map(embKey))) out.push('embeds: different order');
  return out;
}

if (!sharedAvailable('fixtures/manifest.ndjson')) {
  console.log('fixtures: ../shared/fixtures not found — skipped');
} else {
  const dir = resolve(SHARED_DIR, 'fixtures');
  const pages = readManifest(resolve(dir, 'manifest.ndjson'));
  let matching = 0;
  for (const page of pages) {
    const name = page.path.replace(/^.*\//, '').replace(/\.html$/, '');
    const want = JSON.parse(readFileSync(resolve(dir, 'expected', `${name}.json`), 'utf8')) as Expected;
    const { record } = extractOrError(page.html, page.url);
    const diffs = record.error ? [`error: ${record.error.code} ${record.error.message}`] : diffPage(record, want);
    if (diffs.length === 0) {
      matching++;
      console.log(`ok    ${name}`);
    } else {
      console.log(`DIFF  ${name}`);
      for (const d of diffs) console.log(`        ${d}`);
    }
  }
  console.log(`fixtures: ${matching}/${pages.length} pages match`);
}
