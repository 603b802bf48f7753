import { describe, expect, it } from 'vitest';
import { extractRecord, extractWithStats } from '../../../src/extract/index.js';
import { contentHash, simhash64 } from '../../../src/clean/fingerprint.js';
import { RECORD_SCHEMA } from '../../../src/record.js';
import { extract, fixture, P, page, PAGE_URL, SCHEMA_FIELDS } from './helpers.js';

const SEED_URL = 'https://www.nzherald.co.nz/entertainment/kim-kardashian-west-returns-to-white-house/ABCDEF1234567/';

describe('record', () => {
  it('has exactly the schema field set, with schema "gleaner.article/1" and no error', () => {
    const record = extract(page());
    expect(Object.keys(record).sort()).toEqual([...SCHEMA_FIELDS].sort());
    expect(record.schema).toBe(RECORD_SCHEMA);
    expect(record.schema).toBe('gleaner.article/1');
    expect(record.error).toBeUndefined();
  });

  it('gives the same id across calls', () => {
    const html = page();
    expect(extract(html).id).toBe(extract(html).id);
    expect(extract(html).id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gives the same id for URLs that differ only in utm_* parameters, fragment or host case', () => {
    const html = '<html><body><p>No canonical link on this page.</p></body></html>';
    const id = extract(html, 'https://news.example/a/story?id=4').id;
    expect(extract(html, 'https://NEWS.Example/a/story?utm_source=x&id=4&utm_medium=y#top').id).toBe(id);
    expect(extract(html, 'https://news.example/a/story?id=4&fbclid=abc').id).toBe(id);
    expect(extract(html, 'https://news.example/a/story?id=5').id).not.toBe(id);
  });

  it('echoes url as requested and leaves finalUrl and fetchedAt null when nothing was fetched', () => {
    const url = 'https://news.example/a?utm_source=x#frag';
    const record = extract(page(), url);
    expect(record.url).toBe(url);
    expect(record.finalUrl).toBeNull();
    expect(record.fetchedAt).toBeNull();
  });

  it('takes finalUrl and fetchedAt from the options and canonicalizes the final URL', () => {
    const record = extractRecord(page(), 'https://news.example/short', { finalUrl: 'https://news.example/long/story?utm_campaign=z', fetchedAt: '2024-03-03T10:00:00Z' });
    expect(record.finalUrl).toBe('https://news.example/long/story?utm_campaign=z');
    expect(record.canonicalUrl).toBe('https://news.example/long/story');
    expect(record.fetchedAt).toBe('2024-03-03T10:00:00Z');
  });

  it('sets text to the paragraphs joined with blank lines', () => {
    const record = extract(page());
    expect(record.text).toBe(P.join('\n\n'));
  });

  it('sets contentHash and fingerprint from text', () => {
    const record = extract(page());
    expect(record.contentHash).toBe(contentHash(record.text));
    expect(record.fingerprint).toBe(simhash64(record.text));
  });

  it('gives equal contentHash to pages with the same text in different markup', () => {
    const other = page({ before: '<nav><a href="/x">Elsewhere</a></nav>', body: P.map((p) => `<div class="para"><p>${p}</p></div>`).join('') });
    expect(extract(other).contentHash).toBe(extract(page()).contentHash);
  });

  it('never puts embed or caption text in paragraphs', () => {
    const record = extract(fixture('seed-herald-kardashian.html'), SEED_URL);
    expect(record.embeds.length).toBeGreaterThan(0);
    expect(record.captions.length).toBeGreaterThan(0);
    for (const p of record.paragraphs) {
      for (const c of record.captions) expect(p).not.toContain(c.text);
      for (const e of record.embeds) if (e.text !== null) expect(p).not.toBe(e.text);
    }
  });

  it('counts removed duplicate paragraphs in the stats', () => {
    const html = page({ body: `<p>${P[0]}</p><p>${P[1]}</p><div class="x"><p>${P[0]}</p></div><p>${P[2]}</p>` });
    const { record, stats } = extractWithStats(html, PAGE_URL);
    expect(record.paragraphs).toEqual([P[0], P[1], P[2]]);
    expect(stats.duplicatesRemoved).toBe(1);
  });

  it('is a pure function: the same input gives the same record', () => {
    const html = fixture('seed-herald-kardashian.html');
    expect(extract(html, SEED_URL)).toEqual(extract(html, SEED_URL));
  });
});

describe('options embeds and captions', () => {
  const html = fixture('seed-herald-kardashian.html');

  it('read both by default', () => {
    const record = extractRecord(html, SEED_URL);
    expect(record.embeds.length).toBeGreaterThan(0);
    expect(record.captions.length).toBeGreaterThan(0);
  });

  it('skip the embeds with embeds: false, and the captions with captions: false', () => {
    const full = extractRecord(html, SEED_URL);
    const noEmbeds = extractRecord(html, SEED_URL, { embeds: false });
    expect(noEmbeds.embeds).toEqual([]);
    expect(noEmbeds.captions).toEqual(full.captions);
    const noCaptions = extractRecord(html, SEED_URL, { captions: false });
    expect(noCaptions.captions).toEqual([]);
    expect(noCaptions.embeds).toEqual(full.embeds);
    expect(noCaptions.title).toBe(full.title);
  });
});
