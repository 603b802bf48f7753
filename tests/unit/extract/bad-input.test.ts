/**
 * Hostile and broken input: `extractOrError` never throws and always answers with a
 * record carrying every schema field (or an error record with code PARSE_FAILED).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractOrError } from '../../../src/extract/index.js';
import type { ArticleRecord } from '../../../src/record.js';
import { fixture, P, page, PAGE_URL, paras, SCHEMA_FIELDS } from './helpers.js';

const RUNS = 200;

function expectWellFormed(record: ArticleRecord): void {
  for (const field of SCHEMA_FIELDS) expect(record, field).toHaveProperty(field);
  expect(record.schema).toBe('gleaner.article/1');
  expect(typeof record.isArticle).toBe('boolean');
  expect(Array.isArray(record.paragraphs)).toBe(true);
  expect(record.text).toBe(record.paragraphs.join('\n\n'));
  expect(record.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  expect(record.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  if (record.error !== undefined) expect(record.error.code).toBe('PARSE_FAILED');
  // Paragraphs are normalized and non-empty, and each appears once.
  for (const p of record.paragraphs) {
    expect(p).not.toBe('');
    expect(p).toBe(p.trim());
  }
  expect(new Set(record.paragraphs).size).toBe(record.paragraphs.length);
  // The record survives a JSON round trip (no undefined, no cycles).
  expect(JSON.parse(JSON.stringify(record))).toEqual(JSON.parse(JSON.stringify(record)));
}

function run(html: string, url = PAGE_URL): ArticleRecord {
  let record: ArticleRecord | undefined;
  expect(() => {
    record = extractOrError(html, url).record;
  }).not.toThrow();
  expectWellFormed(record!);
  return record!;
}

const SEED = fixture('seed-herald-kardashian.html');
const SAMPLES = [SEED, page()];

const TAGS = ['p', 'div', 'article', 'main', 'section', 'span', 'a', 'br', 'h1', 'h2', 'ul', 'li', 'blockquote', 'figure', 'figcaption', 'img', 'script', 'style', 'table', 'td', 'tr', 'nav', 'aside', 'header', 'footer', 'noscript', 'template', 'iframe'];
const ATTRS = ['', ' class="article-body"', ' class="share"', ' class="twitter-tweet"', ' hidden', ' data-src="/x.jpg"', ' href="https://t.co/x"', ' style="display:none"', ' class="instagram-media"', ' src="https://www.youtube.com/embed/abcdefghijk"'];

const tagSoup = fc.array(
  fc.oneof(
    fc.tuple(fc.constantFrom(...TAGS), fc.constantFrom(...ATTRS)).map(([t, a]) => `<${t}${a}>`),
    fc.constantFrom(...TAGS).map((t) => `</${t}>`),
    fc.string({ maxLength: 80 }),
    fc.constantFrom('&nbsp;', '&amp;', '&#x200B;', '&#0;', '&#xD800;', '<!--', '-->', '<![CDATA[', ']]>', '<!doctype html>', '<script type="application/ld+json">{"@type":"NewsArticle",'),
  ),
  { maxLength: 120 },
).map((parts) => parts.join(''));

describe('extractOrError on random input (fast-check)', () => {
  it('never throws on random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => {
      run(s);
    }), { numRuns: RUNS });
  });

  it('never throws on random full-Unicode strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
      run(s);
    }), { numRuns: RUNS });
  });

  it('never throws on random bytes decoded as UTF-8 and as Latin-1', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
      const buf = Buffer.from(bytes);
      run(buf.toString('utf8'));
      run(buf.toString('latin1'));
    }), { numRuns: RUNS });
  });

  it('never throws on random tag soups', () => {
    fc.assert(fc.property(tagSoup, (html) => {
      run(html);
    }), { numRuns: RUNS });
  });

  it('never throws on fixtures truncated at any point', () => {
    fc.assert(fc.property(fc.constantFrom(...SAMPLES), fc.double({ min: 0, max: 1, noNaN: true }), (html, at) => {
      run(html.slice(0, Math.floor(html.length * at)));
    }), { numRuns: RUNS });
  });

  it('never throws on fixtures with random slices deleted, duplicated or replaced', () => {
    const mutation = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('delete', 'duplicate', 'replace'), fc.string({ maxLength: 40 }));
    fc.assert(fc.property(fc.constantFrom(...SAMPLES), fc.array(mutation, { minLength: 1, maxLength: 6 }), (html, mutations) => {
      let s = html;
      for (const [a, b, op, junk] of mutations) {
        const i = Math.floor(s.length * Math.min(a, b));
        const j = Math.floor(s.length * Math.max(a, b));
        if (op === 'delete') s = s.slice(0, i) + s.slice(j);
        else if (op === 'duplicate') s = s.slice(0, j) + s.slice(i, j) + s.slice(j);
        else s = s.slice(0, i) + junk + s.slice(j);
      }
      run(s);
    }), { numRuns: RUNS });
  });

  it('never throws for random page URLs, absolute or not', () => {
    fc.assert(fc.property(fc.oneof(fc.webUrl(), fc.string({ maxLength: 60 })), (url) => {
      const record = run(page(), url);
      expect(record.url).toBe(url);
    }), { numRuns: RUNS });
  });
});

describe('extractOrError on explicit bad input', () => {
  it('answers an empty file with an empty, non-article record', () => {
    const record = run('');
    expect(record.isArticle).toBe(false);
    expect(record.paragraphs).toEqual([]);
    expect(record.text).toBe('');
  });

  it('answers white space only with an empty record', () => {
    expect(run(' \n\t\r\n  ').paragraphs).toEqual([]);
  });

  it('answers binary bytes (a PNG header and NULs) without throwing', () => {
    const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(512, 0), Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 37) % 256))]);
    run(bytes.toString('utf8'));
    run(bytes.toString('latin1'));
  });

  it('still extracts the paragraphs of HTML truncated mid-tag', () => {
    const html = page();
    const cut = html.indexOf('</div>', html.indexOf('article-body'));
    const record = run(html.slice(0, cut) + '<p class="x');
    expect(record.paragraphs.length).toBeGreaterThanOrEqual(5);
  });

  it('reads a page without <html>, <head> or <body>', () => {
    const record = run(`<h1>Storm floods coastal towns overnight</h1>${paras(P)}`);
    expect(record.paragraphs).toEqual(P);
  });

  it('gives no paragraphs for a page of scripts only', () => {
    const record = run('<html><head><script>var a = "text that looks like a long paragraph of prose, but it is code";</script></head><body><script>document.write("<p>Rendered later by the browser, not by us.</p>")</script></body></html>');
    expect(record.paragraphs).toEqual([]);
  });

  it('tolerates broken JSON-LD', () => {
    const record = run(page({ head: '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "x", "author": [{"name": </script><script type="application/ld+json">null</script><script type="application/ld+json">[1, "a", {"@graph": 5}]</script>' }));
    expect(record.paragraphs).toHaveLength(5);
  });

  it('tolerates invalid dates everywhere', () => {
    const record = run(page({ head: '<meta property="article:published_time" content="2023-02-30T99:99:99+99:99"><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"1800-01-01","dateModified":"soon"}</script>', top: '<time datetime="yesterday">yesterday</time>' }));
    expect(record.publishedAt).toBeNull();
    expect(record.modifiedAt).toBeNull();
  });

  it('tolerates relative, malformed and hostile URLs in the page', () => {
    const html = page({
      head: '<link rel="canonical" href="http://[::1"><meta property="og:url" content="//">',
      body: '<p>Heavy rain swept across the coastal towns overnight, flooding roads and cutting power to more than two thousand homes.</p><figure><img src="javascript:alert(1)" data-src="http://%zz"><figcaption>A broken image. Photo / X</figcaption></figure><a href="http://a b">x</a><img src="../../../../x.png">',
    });
    const record = run(html);
    expect(record.canonicalUrl).toBe(PAGE_URL);
  });

  it('answers a page URL that is not absolute', () => {
    expect(run(page(), 'not a url').url).toBe('not a url');
    expect(run(page(), '/relative/path').url).toBe('/relative/path');
    expect(run(page(), '').url).toBe('');
  });

  it('survives 10,000-deep nesting', () => {
    const depth = 10_000;
    const html = `<html><body>${'<div>'.repeat(depth)}<p>Deep text</p>${'</div>'.repeat(depth)}${page()}</body></html>`;
    run(html);
  });

  it('survives 10,000-deep inline nesting and unclosed tags', () => {
    run(`<body>${'<span><b>'.repeat(5_000)}text`);
    run(`<body>${'<p><a>'.repeat(10_000)}`);
  });

  it('returns for a 20 MB page', () => {
    const chunk = page().replace(/<\/?(?:html|body|head)[^>]*>/g, '');
    let html = '<html><body>';
    while (html.length < 20 * 1024 * 1024) html += chunk;
    html += '</body></html>';
    const record = run(html);
    expect(record.paragraphs.length).toBeGreaterThan(0);
  }, 120_000);

  it('answers non-string input with a PARSE_FAILED error record', () => {
    const record = extractOrError(undefined as unknown as string, PAGE_URL).record;
    expect(record.error?.code).toBe('PARSE_FAILED');
    expectWellFormed(record);
  });
});
