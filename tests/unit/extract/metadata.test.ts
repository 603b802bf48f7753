/**
 * Metadata through the public extractRecord (internal signatures may change). Each page
 * gets the same five body paragraphs appended so it counts as an article (byline and
 * dates are only filled for articles).
 */
import { describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../../src/record.js';
import { extract, P, paras } from './helpers.js';

const URL = 'https://www.herald.example/world/story-123/';

function meta(html: string, url = URL): ArticleRecord {
  const padding = `<div class="story">${paras(P)}</div>`;
  const page = html.includes('</body>') ? html.replace('</body>', `${padding}</body>`) : `${html}${padding}`;
  return extract(page, url);
}

const ld = (obj: unknown) => `<script type="application/ld+json">${JSON.stringify(obj)}</script>`;

describe('metadata: title', () => {
  it('takes the headline from the <h1> that matches og:title, not from <title> with " | Site"', () => {
    const m = meta(`<html><head><title>Storm hits coast | The Herald</title>
      <meta property="og:title" content="Storm hits the coast overnight"></head>
      <body><h1 class="headline">Storm hits the coast overnight</h1><p>Body.</p></body></html>`);
    expect(m.title).toBe('Storm hits the coast overnight');
    expect(m.paragraphs).not.toContain('Storm hits the coast overnight');
  });

  it('prefers the matching <h1> over a site-logo <h1>', () => {
    const m = meta(`<html><head><meta property="og:title" content="Council approves storm-water plan"></head>
      <body><h1 class="logo">The Herald</h1><article><h1>Council approves storm-water plan</h1></article></body></html>`);
    expect(m.title).toBe('Council approves storm-water plan');
  });

  it('falls back to <title> without its site suffix when there is no <h1>', () => {
    const m = meta(`<html><head><title>Council approves storm-water plan | The Herald</title>
      <meta property="og:site_name" content="The Herald"></head><body><p>Text</p></body></html>`);
    expect(m.title).toBe('Council approves storm-water plan');
  });

  it('strips a site prefix from <title> too', () => {
    const m = meta(`<html><head><title>The Herald - Council approves storm-water plan</title>
      <meta property="og:site_name" content="The Herald"></head><body></body></html>`);
    expect(m.title).toBe('Council approves storm-water plan');
  });

  it('normalizes the title text', () => {
    const m = meta(`<html><body><h1>  \u201CWe\u2019re\u00A0back\u201D,\n says mayor </h1></body></html>`);
    expect(m.title).toBe('"We\'re back", says mayor');
  });

  it('is null when the page has no title at all', () => {
    expect(meta('<html><body><p>text</p></body></html>').title).toBeNull();
  });
});

describe('metadata: byline', () => {
  it('takes Person authors from JSON-LD and skips Organization authors', () => {
    const m = meta(ld({
      '@type': 'NewsArticle', headline: 'x',
      author: [{ '@type': 'Person', name: 'Jane Doe' }, { '@type': 'Organization', name: 'The Herald' }],
    }));
    expect(m.byline).toEqual(['Jane Doe']);
  });

  it.each([
    ['By', 'By Jane Doe'],
    ['Von', 'Von Hans Müller'],
    ['Par', 'Par Claire Dubois'],
  ])('strips the "%s" prefix', (_prefix, raw) => {
    const m = meta(`<html><body><span class="byline__name">${raw}</span></body></html>`);
    expect(m.byline).toEqual([raw.replace(/^\S+ /, '')]);
  });

  it.each([
    ['Jane Doe · Political reporter'],
    ['Jane Doe | The Herald'],
    ['Jane Doe, Staff Writer'],
    ['Jane Doe - Senior Editor'],
  ])('strips the role or organisation suffix in "%s"', (raw) => {
    const m = meta(ld({ '@type': 'NewsArticle', author: { '@type': 'Person', name: raw } }));
    expect(m.byline).toEqual(['Jane Doe']);
  });

  it('lists each author once', () => {
    const m = meta(ld({
      '@type': 'NewsArticle',
      author: [{ '@type': 'Person', name: 'Jane Doe' }, { '@type': 'Person', name: 'jane doe' }, { '@type': 'Person', name: 'John Roe' }],
    }));
    expect(m.byline).toEqual(['Jane Doe', 'John Roe']);
  });

  it('splits "A and B" from a byline element', () => {
    const m = meta('<html><body><div class="byline"><a href="/a">By Jane Doe and John Roe</a></div></body></html>');
    expect(m.byline).toEqual(['Jane Doe', 'John Roe']);
  });

  it('falls back to meta author', () => {
    expect(meta('<html><head><meta name="author" content="Jane Doe"></head><body></body></html>').byline).toEqual(['Jane Doe']);
  });

  it('is empty when no author is given', () => {
    expect(meta('<html><body><p>x</p></body></html>').byline).toEqual([]);
  });
});

describe('metadata: dates', () => {
  it('prefers JSON-LD over meta over <time>', () => {
    const m = meta(`<html><head>${ld({ '@type': 'NewsArticle', datePublished: '2018-09-06T16:02:31+12:00' })}
      <meta property="article:published_time" content="2018-09-05T00:00:00Z"></head>
      <body><time datetime="2018-09-04T00:00:00Z">4 Sept</time></body></html>`);
    expect(m.publishedAt).toBe('2018-09-06T16:02:31+12:00');
  });

  it('uses meta when JSON-LD has no date', () => {
    const m = meta(`<html><head><meta property="article:published_time" content="2018-09-05T10:00:00-0500"></head>
      <body><time datetime="2018-09-04T00:00:00Z">4 Sept</time></body></html>`);
    expect(m.publishedAt).toBe('2018-09-05T10:00:00-05:00');
  });

  it('uses <time datetime> when there is nothing else', () => {
    expect(meta('<html><body><time datetime="2018-09-04T08:00:00+01:00">4 Sept</time></body></html>').publishedAt).toBe('2018-09-04T08:00:00+01:00');
  });

  it('reads dateModified and article:modified_time', () => {
    expect(meta(ld({ '@type': 'NewsArticle', dateModified: '2018-09-07T09:00:00+12:00' })).modifiedAt).toBe('2018-09-07T09:00:00+12:00');
    expect(meta('<meta property="article:modified_time" content="2018-09-07">').modifiedAt).toBe('2018-09-07');
  });

  it('skips an invalid JSON-LD date and takes the next source', () => {
    const m = meta(`${ld({ '@type': 'NewsArticle', datePublished: '2023-02-30' })}<meta property="article:published_time" content="2023-03-01">`);
    expect(m.publishedAt).toBe('2023-03-01');
  });

  it('is null without any date', () => {
    expect(meta('<p>x</p>').publishedAt).toBeNull();
    expect(meta('<p>x</p>').modifiedAt).toBeNull();
  });
});

describe('metadata: lang and site name', () => {
  it.each([
    ['en', 'en'],
    ['en-nz', 'en-NZ'],
    ['EN_us', 'en-US'],
    ['zh-hant-tw', 'zh-Hant-TW'],
    ['es-419', 'es-419'],
  ])('reads html lang="%s" as %s', (raw, expected) => {
    expect(meta(`<html lang="${raw}"><body></body></html>`).lang).toBe(expected);
  });

  it('is null without a language', () => {
    expect(meta('<html><body></body></html>').lang).toBeNull();
  });

  it('takes siteName from og:site_name', () => {
    expect(meta('<meta property="og:site_name" content="NZ Herald">').siteName).toBe('NZ Herald');
  });
});

describe('metadata: canonical URL', () => {
  it('uses a same-site rel=canonical, normalized (tracking parameters, fragment, host case)', () => {
    const m = meta('<link rel="canonical" href="https://WWW.Herald.Example/world/story-123/?utm_source=tw&id=7&fbclid=abc#comments">');
    expect(m.canonicalUrl).toBe('https://www.herald.example/world/story-123/?id=7');
  });

  it('resolves a relative canonical against the page', () => {
    expect(meta('<link rel="canonical" href="/world/story-123/">', URL + '?utm_medium=x').canonicalUrl).toBe('https://www.herald.example/world/story-123/');
  });

  it('accepts og:url on another subdomain of the same site', () => {
    expect(meta('<meta property="og:url" content="https://m.herald.example/s/1">').canonicalUrl).toBe('https://m.herald.example/s/1');
  });

  it('ignores a canonical on another site and uses the page URL', () => {
    const m = meta('<link rel="canonical" href="https://evil.example/hijack">', 'https://www.herald.example/a?gclid=1#top');
    expect(m.canonicalUrl).toBe('https://www.herald.example/a');
  });

  it('ignores a non-http canonical', () => {
    expect(meta('<link rel="canonical" href="javascript:alert(1)">').canonicalUrl).toBe(URL);
  });
});

describe('metadata: broken JSON-LD', () => {
  it('tolerates a JSON-LD block that does not parse and still reads the other sources', () => {
    const m = meta(`<html lang="en"><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>
      <meta property="og:title" content="Still here"><meta name="author" content="Jane Doe"></head><body></body></html>`);
    expect(m.title).toBe('Still here');
    expect(m.byline).toEqual(['Jane Doe']);
  });

  it('reads JSON-LD with trailing commas and raw newlines in strings', () => {
    const m = meta('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Line\none", "author": {"@type": "Person", "name": "Jane Doe",},}</script>');
    expect(m.byline).toEqual(['Jane Doe']);
  });

  it('finds the article inside an @graph', () => {
    const m = meta(ld({ '@context': 'https://schema.org', '@graph': [{ '@type': 'WebPage' }, { '@type': 'NewsArticle', datePublished: '2020-01-02' }] }));
    expect(m.publishedAt).toBe('2020-01-02');
  });
});
