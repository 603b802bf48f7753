/**
 * Feed, sitemap and URL-list parsing (fast-xml-parser). Pure functions of bytes/text
 * and the document's URL: relative links resolve against it, and each result is a
 * list of `{url, version}` where `version` (feed `updated`/`pubDate`, sitemap
 * `lastmod`) tells a changed item from one already seen.
 *
 * Errors: PARSE_FAILED for malformed XML or a broken gzip file, INVALID_SOURCE for a
 * well-formed document that is not what the source says it is (an HTML page where a
 * feed was expected).
 */
import { gunzipSync } from 'node:zlib';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decode as whatwgDecode, labelToName } from 'whatwg-encoding';
import { GleanerError } from '../errors.js';
import { MAX_URL_LENGTH, parseHttpUrl } from '../url.js';

export interface Candidate {
  url: string;
  /** lastmod / updated / pubDate as given, '' when the document has none. */
  version: string;
}

export type SitemapDocument =
  | { type: 'urlset'; urls: Candidate[] }
  | { type: 'index'; sitemaps: Candidate[] };

const isGzip = (b: Uint8Array): boolean => b[0] === 0x1f && b[1] === 0x8b;

/** Undoes a gzip file (sitemap.xml.gz), capped so a bomb stops at `maxBytes`. Other bytes pass through. */
export function gunzipIfNeeded(bytes: Buffer, maxBytes: number): Buffer {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || (err instanceof RangeError)) {
      throw new GleanerError('BODY_TOO_LARGE', `gzip document inflates beyond ${maxBytes} bytes`);
    }
    throw new GleanerError('PARSE_FAILED', `broken gzip document: ${(err as Error).message}`);
  }
}

/** XML text from bytes: BOM, then the XML declaration's encoding, then UTF-8 (XML 1.0 §4.3.3). */
export function decodeXml(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return whatwgDecode(bytes, bytes[0] === 0xff ? 'UTF-16LE' : 'UTF-16BE');
  }
  const head = bytes.subarray(0, 200).toString('latin1');
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1];
  const name = declared === undefined ? null : labelToName(declared);
  if (name === null || name === 'UTF-8') return bytes.toString('utf8');
  try {
    return whatwgDecode(bytes, name);
  } catch {
    return bytes.toString('utf8');
  }
}

const ARRAYS = new Set(['item', 'entry', 'url', 'sitemap', 'link']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true, // atom:link, dc:date, xhtml:link, namespaced sitemaps
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  cdataPropName: false,
  isArray: (name) => ARRAYS.has(name),
  // Entities are expanded with fast-xml-parser's caps (size, count): no billion laughs.
  processEntities: true,
  htmlEntities: false,
});

type Node = Record<string, unknown>;

function parseXml(text: string, what: string): Node {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('<')) throw new GleanerError('INVALID_SOURCE', `${what} is not XML`);
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new GleanerError('PARSE_FAILED', `${what} is malformed XML: ${valid.err.msg} (line ${valid.err.line})`);
  }
  try {
    return parser.parse(text) as Node;
  } catch (err) {
    throw new GleanerError('PARSE_FAILED', `${what} could not be parsed: ${(err as Error).message}`);
  }
}

/** Text content of a parsed node: a string, or `#text` of an element with attributes. */
function text(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  if (value !== null && typeof value === 'object' && '#text' in value) return text((value as Node)['#text']);
  if (Array.isArray(value)) return text(value[0]);
  return '';
}

const asArray = (value: unknown): unknown[] => (value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : [value]);

function absolute(href: string, base: string): string | null {
  if (href === '' || href.length > MAX_URL_LENGTH) return null;
  const url = parseHttpUrl(href, base);
  return url === null || url.username !== '' || url.password !== '' ? null : url.href;
}

function pushUnique(out: Candidate[], seen: Set<string>, url: string | null, version: string): void {
  if (url === null || seen.has(url)) return;
  seen.add(url);
  out.push({ url, version });
}

/** RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 → item links with their update stamps, in document order. */
export function parseFeed(xml: string, baseUrl: string): Candidate[] {
  const doc = parseXml(xml, 'feed');
  const out: Candidate[] = [];
  const seen = new Set<string>();

  const rss = doc.rss as Node | undefined;
  const rdf = doc.RDF as Node | undefined;
  if (rss !== undefined || rdf !== undefined) {
    const channel = (rss?.channel ?? rdf?.channel ?? {}) as Node;
    const items = asArray(rss !== undefined ? channel.item : (rdf!.item ?? channel.item));
    for (const raw of items) {
      const item = (raw ?? {}) as Node;
      let href = text(asArray(item.link).find((l) => text(l) !== '')) || '';
      if (href === '') {
        // <guid isPermaLink="true"> (the default) is the item's URL when <link> is missing.
        const guid = item.guid;
        const permalink = typeof guid === 'object' && guid !== null ? (guid as Node)['@isPermaLink'] !== 'false' : true;
        if (permalink) href = text(guid);
      }
      const version = text(item.updated) || text(item.modified) || text(item.pubDate) || text(item.date);
      pushUnique(out, seen, absolute(href, baseUrl), version);
    }
    return out;
  }

  const feed = doc.feed as Node | undefined;
  if (feed !== undefined && typeof feed === 'object') {
    const base = absolute(text((feed as Node)['@base']), baseUrl) ?? baseUrl;
    for (const raw of asArray(feed.entry)) {
      const entry = (raw ?? {}) as Node;
      const links = asArray(entry.link) as Node[];
      // rel="alternate" (or no rel) is the entry's page; "self", "edit", "enclosure" are not.
      const link = links.find((l) => typeof l === 'object' && (l['@rel'] === undefined || l['@rel'] === 'alternate') && l['@href']);
      const href = link ? String(link['@href']) : '';
      const version = text(entry.updated) || text(entry.published);
      pushUnique(out, seen, absolute(href, base), version);
    }
    return out;
  }

  const root = Object.keys(doc).find((k) => !k.startsWith('?')) ?? '(empty)';
  throw new GleanerError('INVALID_SOURCE', `not an RSS or Atom feed (root element <${root}>)`);
}

/** A sitemap (`<urlset>`) or a sitemap index (`<sitemapindex>`). */
export function parseSitemap(xml: string, baseUrl: string): SitemapDocument {
  const doc = parseXml(xml, 'sitemap');
  const collect = (entries: unknown): Candidate[] => {
    const out: Candidate[] = [];
    const seen = new Set<string>();
    for (const raw of asArray(entries)) {
      const entry = (raw ?? {}) as Node;
      pushUnique(out, seen, absolute(text(entry.loc), baseUrl), text(entry.lastmod));
    }
    return out;
  };
  if (doc.urlset !== undefined) return { type: 'urlset', urls: collect((doc.urlset as Node).url) };
  if (doc.sitemapindex !== undefined) return { type: 'index', sitemaps: collect((doc.sitemapindex as Node).sitemap) };
  const root = Object.keys(doc).find((k) => !k.startsWith('?')) ?? '(empty)';
  throw new GleanerError('INVALID_SOURCE', `not a sitemap (root element <${root}>)`);
}

/**
 * A URL list: one URL per line; blank lines and `#` comments skipped. A line that is
 * no http(s) URL is reported in `invalid` (logged by the caller), not fatal.
 */
export function parseUrlList(textContent: string, baseUrl?: string): { urls: Candidate[]; invalid: string[] } {
  const urls: Candidate[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  if (/^\s*<(?:!doctype|html)/i.test(textContent)) throw new GleanerError('INVALID_SOURCE', 'URL list is an HTML page');
  for (const rawLine of textContent.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    // A list read from a file has no base: its lines must be absolute.
    const url = baseUrl === undefined ? (parseHttpUrl(line) === null ? null : absolute(line, line)) : absolute(line, baseUrl);
    if (url === null) invalid.push(line.slice(0, 200));
    else pushUnique(urls, seen, url, '');
  }
  return { urls, invalid };
}
