/** Feed, sitemap and URL-list parsing: pure functions on the project's own small documents. */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GleanerError } from '../../../src/errors.js';
import { decodeXml, gunzipIfNeeded, parseFeed, parseSitemap, parseUrlList } from '../../../src/sources/parse.js';

const BASE = 'https://news.example/feeds/main.xml';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GleanerError);
    return (err as GleanerError).code;
  }
  throw new Error('expected a throw');
}

describe('RSS 2.0', () => {
  const rss = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>News</title><link>https://news.example/</link>
    <atom:link href="https://news.example/feeds/main.xml" rel="self" type="application/rss+xml"/>
    <item><title>One</title><link>https://news.example/2024/one</link><pubDate>Tue, 07 May 2024 08:00:00 GMT</pubDate></item>
    <item><title><![CDATA[Two & more]]></title><link><![CDATA[https://news.example/2024/two?x=1&y=2]]></link><dc:date>2024-05-08T09:00:00Z</dc:date></item>
    <item><title>Relative</title><link>/2024/three</link></item>
    <item><title>Guid only</title><guid isPermaLink="true">https://news.example/2024/four</guid></item>
    <item><title>Guid not a link</title><guid isPermaLink="false">tag:news.example,2024:5</guid></item>
    <item><title>Repeat</title><link>https://news.example/2024/one</link></item>
    <item><title>Bad scheme</title><link>javascript:alert(1)</link></item>
  </channel>
</rss>`;

  it('reads item links in order with their dates, resolving relative links and skipping non-URLs', () => {
    expect(parseFeed(rss, BASE)).toEqual([
      { url: 'https://news.example/2024/one', version: 'Tue, 07 May 2024 08:00:00 GMT' },
      { url: 'https://news.example/2024/two?x=1&y=2', version: '2024-05-08T09:00:00Z' },
      { url: 'https://news.example/2024/three', version: '' },
      { url: 'https://news.example/2024/four', version: '' },
    ]);
  });

  it('handles a feed with a single item and one with none', () => {
    const one = '<rss version="2.0"><channel><item><link>https://a.example/x</link></item></channel></rss>';
    expect(parseFeed(one, BASE)).toEqual([{ url: 'https://a.example/x', version: '' }]);
    expect(parseFeed('<rss version="2.0"><channel><title>t</title></channel></rss>', BASE)).toEqual([]);
  });

  it('reads RSS 1.0 (RDF)', () => {
    const rdf = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://a.example/"><title>t</title></channel>
      <item rdf:about="https://a.example/1"><link>https://a.example/1</link><dc:date>2024-01-01</dc:date></item>
    </rdf:RDF>`;
    expect(parseFeed(rdf, BASE)).toEqual([{ url: 'https://a.example/1', version: '2024-01-01' }]);
  });
});

describe('Atom', () => {
  it('takes the alternate link of each entry and its updated stamp', () => {
    const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Blog</title><link href="https://blog.example/"/>
  <entry><title>A</title><link rel="self" href="https://blog.example/api/a"/><link rel="alternate" type="text/html" href="https://blog.example/a"/>
    <updated>2024-05-01T10:00:00Z</updated><published>2024-04-30T10:00:00Z</published></entry>
  <entry><title>B</title><link href="/b"/><published>2024-05-02T10:00:00Z</published></entry>
  <entry><title>C</title><link rel="enclosure" href="https://blog.example/c.mp3"/></entry>
</feed>`;
    expect(parseFeed(atom, 'https://blog.example/feed.atom')).toEqual([
      { url: 'https://blog.example/a', version: '2024-05-01T10:00:00Z' },
      { url: 'https://blog.example/b', version: '2024-05-02T10:00:00Z' },
    ]);
  });
});

describe('feeds that are not feeds', () => {
  it('PARSE_FAILED for malformed XML', () => {
    expect(codeOf(() => parseFeed('<rss><channel><item><link>x</item></channel></rss>', BASE))).toBe('PARSE_FAILED');
  });
  it('INVALID_SOURCE for an HTML page or a sitemap where a feed was expected', () => {
    expect(codeOf(() => parseFeed('not xml at all', BASE))).toBe('INVALID_SOURCE');
    expect(codeOf(() => parseFeed('<html><body><p>hi</p></body></html>', BASE))).toBe('INVALID_SOURCE');
    expect(codeOf(() => parseFeed('<urlset><url><loc>https://a.example/</loc></url></urlset>', BASE))).toBe('INVALID_SOURCE');
  });
  it('does not expand entities without bound', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<rss version="2.0"><channel><item><title>&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;</title><link>https://a.example/x</link></item></channel></rss>`;
    const started = Date.now();
    try {
      parseFeed(bomb, BASE);
    } catch {
      /* refusing is fine too */
    }
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('sitemaps', () => {
  it('reads a urlset with lastmod', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://news.example/a</loc><lastmod>2024-05-01</lastmod><news:news><news:title>A</news:title></news:news></url>
  <url><loc> https://news.example/b </loc></url>
  <url><loc>ftp://news.example/c</loc></url>
</urlset>`;
    expect(parseSitemap(xml, 'https://news.example/sitemap.xml')).toEqual({
      type: 'urlset',
      urls: [
        { url: 'https://news.example/a', version: '2024-05-01' },
        { url: 'https://news.example/b', version: '' },
      ],
    });
  });

  it('reads a sitemap index', () => {
    const xml = `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://news.example/s1.xml.gz</loc><lastmod>2024-05-01T00:00:00Z</lastmod></sitemap>
  <sitemap><loc>https://news.example/s2.xml</loc></sitemap>
</sitemapindex>`;
    expect(parseSitemap(xml, 'https://news.example/index.xml')).toEqual({
      type: 'index',
      sitemaps: [
        { url: 'https://news.example/s1.xml.gz', version: '2024-05-01T00:00:00Z' },
        { url: 'https://news.example/s2.xml', version: '' },
      ],
    });
  });

  it('a single-entry urlset is still a list; a feed is not a sitemap', () => {
    expect(parseSitemap('<urlset><url><loc>https://a.example/</loc></url></urlset>', BASE)).toEqual({ type: 'urlset', urls: [{ url: 'https://a.example/', version: '' }] });
    expect(codeOf(() => parseSitemap('<rss><channel/></rss>', BASE))).toBe('INVALID_SOURCE');
    expect(codeOf(() => parseSitemap('<urlset><url><loc>x</loc></urlset>', BASE))).toBe('PARSE_FAILED');
  });
});

describe('bytes: gzip and charsets', () => {
  it('gunzips a .xml.gz body, and leaves plain bytes alone', () => {
    const xml = '<urlset><url><loc>https://a.example/z</loc></url></urlset>';
    expect(gunzipIfNeeded(gzipSync(xml), 1 << 20).toString()).toBe(xml);
    expect(gunzipIfNeeded(Buffer.from(xml), 1 << 20).toString()).toBe(xml);
  });
  it('stops a gzip bomb at the cap and reports a broken gzip file', () => {
    const bomb = gzipSync(Buffer.alloc(5 * 1024 * 1024));
    expect(codeOf(() => gunzipIfNeeded(bomb, 1024 * 1024))).toBe('BODY_TOO_LARGE');
    expect(codeOf(() => gunzipIfNeeded(Buffer.from([0x1f, 0x8b, 1, 2, 3]), 1024))).toBe('PARSE_FAILED');
  });
  it('decodes by BOM and by the XML declaration', () => {
    const latin = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>'), Buffer.from([0x43, 0x61, 0x66, 0xe9]), Buffer.from('</title></channel></rss>')]);
    expect(decodeXml(latin)).toContain('Café');
    expect(decodeXml(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a>é</a>')]))).toBe('<a>é</a>');
    expect(decodeXml(Buffer.from('<a>é</a>'))).toBe('<a>é</a>');
  });
});

describe('URL lists', () => {
  it('one URL per line, comments and blanks skipped, bad lines reported', () => {
    const text = '# picks\nhttps://a.example/1\n\n  https://a.example/2  \nnot a url\nhttps://a.example/1\nhttp://u:p@a.example/\n';
    expect(parseUrlList(text)).toEqual({
      urls: [{ url: 'https://a.example/1', version: '' }, { url: 'https://a.example/2', version: '' }],
      invalid: ['not a url', 'http://u:p@a.example/'],
    });
  });
  it('resolves relative lines against a list fetched from a URL; an HTML page is no list', () => {
    expect(parseUrlList('/x\n', 'https://b.example/list.txt').urls).toEqual([{ url: 'https://b.example/x', version: '' }]);
    expect(codeOf(() => parseUrlList('<!doctype html><html></html>', 'https://b.example/'))).toBe('INVALID_SOURCE');
  });
});
