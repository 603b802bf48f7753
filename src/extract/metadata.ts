/**
 * Article metadata: headline, byline, dates, site name, language, description,
 * canonical URL. Sources in order of trust: JSON-LD, Open Graph / article:* meta,
 * other common meta names, microdata and markup, then text as a last resort.
 */
import type { CheerioAPI, Element } from './dom.js';
import { classAndId, elementsWhere, shortTextOf, textOf } from './dom.js';
import { normalizeText, normalizeOrNull, detach } from '../clean/normalize.js';
import { canonicalizeUrl, parseHttpUrl, siteOf } from '../url.js';
import { parseDateValue, parseTextDate } from './dates.js';
import { authorNames, stringValue, typesOf, type JsonLdSummary } from './jsonld.js';
import type { PageIndex } from './page-index.js';
import type { ArticleRecord } from '../record.js';

/** The record's metadata fields, plus what the body stage needs to know. */
export type Metadata = Pick<ArticleRecord, 'title' | 'description' | 'siteName' | 'byline' | 'publishedAt' | 'modifiedAt' | 'lang' | 'canonicalUrl'> & {
  /** The element holding the displayed headline, when found (excluded from the body). */
  headlineElement: Element | null;
  ogType: string | null;
};

type MetaMap = Map<string, string>;

/** All <meta> values keyed by lower-cased property/name/itemprop (first one wins). */
function readMeta(page: PageIndex): MetaMap {
  const meta: MetaMap = new Map();
  page.metas.forEach((el) => {
    const a = el.attribs;
    const key = (a['property'] ?? a['name'] ?? a['itemprop'] ?? a['http-equiv'] ?? '').toLowerCase().trim();
    const content = a['content'];
    if (key === '' || content === undefined) return;
    const value = content.trim();
    if (value !== '' && !meta.has(key)) meta.set(key, value);
  });
  return meta;
}

function firstMeta(meta: MetaMap, keys: readonly string[]): string | null {
  for (const key of keys) {
    const v = meta.get(key);
    if (v !== undefined) return v;
  }
  return null;
}

export function extractMetadata($: CheerioAPI, page: PageIndex, pageUrl: string, jsonLd: JsonLdSummary): Metadata {
  const meta = readMeta(page);
  const article = jsonLd.article;
  // Strings kept in the record are detached: normalizeText returns plain ASCII unchanged, and
  // a <meta content> value is a slice that would keep the whole page alive (NOTES.md, memory pinning).
  const siteName = detachOrNull(findSiteName($, meta, jsonLd));
  const { title, headlineElement } = findTitle(page, meta, article, siteName);
  return {
    title,
    headlineElement,
    description: detachOrNull(normalizeOrNull(
      firstMeta(meta, ['og:description', 'description', 'twitter:description', 'dc.description']) ??
        (article ? stringValue(article['description']) : null),
    )),
    siteName,
    byline: findByline($, page, meta, article),
    publishedAt: findPublished($, page, meta, jsonLd),
    modifiedAt: findModified(meta, jsonLd),
    lang: findLang(page, meta, article),
    canonicalUrl: findCanonical(page, meta, pageUrl),
    ogType: firstMeta(meta, ['og:type'])?.toLowerCase() ?? null,
  };
}

const detachOrNull = (s: string | null): string | null => (s === null ? null : detach(s));

// ---------- title ----------

const TITLE_SEPARATORS = /\s+(?:[|\-–—·•»:]|::)\s+/;

function similarity(a: string, b: string): number {
  const ta = new Set(a.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean));
  const tb = new Set(b.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean));
  if (ta.size === 0 || tb.size === 0) return 0;
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  return common / Math.max(ta.size, tb.size);
}

/** `<title>` minus a " | Site Name" suffix or prefix. */
function stripSiteFromTitle(title: string, siteName: string | null): string {
  const parts = title.split(TITLE_SEPARATORS);
  if (parts.length < 2) return title;
  if (siteName !== null) {
    const kept = parts.filter((p) => similarity(p, siteName) < 0.5);
    if (kept.length > 0 && kept.length < parts.length) return kept.join(' - ');
  }
  // Keep the longest part: the headline is longer than the site name.
  return parts.reduce((a, b) => (b.length > a.length ? b : a));
}

function findTitle(
  page: PageIndex,
  meta: MetaMap,
  article: Record<string, unknown> | null,
  siteName: string | null,
): { title: string | null; headlineElement: Element | null } {
  const metaTitle =
    normalizeOrNull(firstMeta(meta, ['og:title', 'twitter:title', 'title', 'dc.title'])) ??
    normalizeOrNull(article ? stringValue(article['headline']) ?? stringValue(article['name']) : null);
  // <title> holds raw text only (textOf skips the element itself).
  const docTitleRaw = normalizeOrNull(page.title === null ? null : page.title.children.map((c) => (c.type === 'text' ? (c as unknown as { data: string }).data : '')).join(''));
  const reference = metaTitle ?? (docTitleRaw ? stripSiteFromTitle(docTitleRaw, siteName) : null);

  // Displayed headline: an <h1> (or itemprop=headline) that matches the metadata title,
  // else the only <h1> in the article, else the first <h1>.
  const candidates = page.headlines;
  let best: Element | null = null;
  let bestScore = 0;
  for (const el of candidates) {
    const text = normalizeText(shortTextOf(el, 1000) ?? '');
    if (text.length < 2 || text.length > 400) continue;
    let score = reference ? similarity(text, reference) : 0;
    if (el.name === 'h1') score += 0.05;
    if (/headline|title/.test(classAndId(el)) || el.attribs['itemprop'] === 'headline') score += 0.05;
    if (score > bestScore) {
      best = el;
      bestScore = score;
    }
  }
  if (best !== null && (bestScore >= 0.45 || reference === null)) {
    return { title: detach(normalizeText(textOf(best))), headlineElement: best };
  }
  const h1s = candidates.filter((el) => el.name === 'h1');
  if (reference === null && h1s.length > 0) {
    return { title: detach(normalizeText(textOf(h1s[0]!))), headlineElement: h1s[0]! };
  }
  if (reference !== null) return { title: detach(stripSiteFromTitle(reference, siteName)), headlineElement: null };
  return { title: null, headlineElement: null };
}

// ---------- site name ----------

function findSiteName($: CheerioAPI, meta: MetaMap, jsonLd: JsonLdSummary): string | null {
  const fromMeta = firstMeta(meta, ['og:site_name', 'application-name', 'apple-mobile-web-app-title', 'twitter:app:name:iphone']);
  if (fromMeta !== null) return normalizeOrNull(fromMeta);
  const publisher = jsonLd.article ? stringValue(jsonLd.article['publisher']) : null;
  if (publisher !== null) return normalizeOrNull(publisher);
  for (const node of jsonLd.nodes) {
    const types = typesOf(node);
    if (types.includes('WebSite') || types.includes('NewsMediaOrganization') || types.includes('Organization')) {
      const name = stringValue(node['name']);
      if (name !== null) return normalizeOrNull(name);
    }
  }
  const logo = elementsWhere($.root().get(0)!, isSiteLogo, 1)[0];
  const logoText = logo === undefined ? null : normalizeOrNull(logo.attribs['alt'] ?? logo.attribs['title'] ?? textOf(logo));
  if (logoText !== null && logoText.length <= 60) return logoText;
  return null;
}

/** `[class*="masthead"] [class*="logo"], header [class*="logo"] img[alt], a[rel="home"]` */
function isSiteLogo(el: Element): boolean {
  if (el.name === 'a' && el.attribs['rel'] === 'home') return true;
  if (el.name === 'img' && el.attribs['alt'] !== undefined) {
    const logo = ancestorWhere(el, (a) => classIncludes(a, 'logo'));
    if (logo !== null && ancestorWhere(logo, (a) => a.name === 'header') !== null) return true;
  }
  return classIncludes(el, 'logo') && ancestorWhere(el, (a) => classIncludes(a, 'masthead')) !== null;
}

function classIncludes(el: Element, word: string): boolean {
  return (el.attribs['class'] ?? '').includes(word);
}

/** The nearest ancestor element that passes `test` (any, when several do: only existence matters here). */
function ancestorWhere(el: Element, test: (a: Element) => boolean): Element | null {
  for (let p = el.parent; p !== null; p = p.parent) {
    if (p.type === 'tag' && test(p as Element)) return p as Element;
  }
  return null;
}

// ---------- byline ----------

const BYLINE_PREFIX = /^(?:by|von|par|por|di|door|av|af|de|от|написал[аи]?|text|texte|text von|reporting by|words by|written by)\s*:?\s+/i;
const BYLINE_SUFFIX = /\s*(?:[|·•–—,;/]|\s-\s).*$/;
const KOREAN_REPORTER = /\s*(?:기자|특파원|선임기자|객원기자)\s*$/;
const NOT_A_NAME = /^(?:staff|admin|editor|editors|redaction|rédaction|redaktion|newsroom|agencies|reuters|ap|afp|dpa|the associated press|associated press|guest|anonymous|unknown)$/i;

function cleanAuthorName(raw: string): string | null {
  let s = normalizeText(raw);
  if (s === '' || /^https?:\/\//.test(s)) return null;
  s = s.replace(BYLINE_PREFIX, '').replace(KOREAN_REPORTER, '');
  s = s.replace(BYLINE_SUFFIX, '').trim();
  s = s.replace(/^@/, '').trim();
  if (s.length < 2 || s.length > 60) return null;
  if (NOT_A_NAME.test(s)) return null;
  if (/\d{3,}|@|https?:/.test(s)) return null;
  // A name has at most ~6 words and starts with a letter.
  if (s.split(' ').length > 6 || !/^\p{L}/u.test(s)) return null;
  return s;
}

// What follows "|", "·", "•" or a spaced dash is an organisation or a role, never another name.
const ORG_OR_ROLE_TAIL = /\s*(?:[|·•–—]|\s-\s).*$/;
// A listed part that is a job title (", Staff Writer"), not a person.
const ROLE = /\b(?:staff|writer|reporter|editor|correspondent|columnist|contributor|journalist|producer|photographer|critic|analyst|redakteur\p{L}*|korrespondent\p{L}*|journaliste|rédact\p{L}*|correspondant\p{L}*|periodista|redactor\p{L}*|corresponsal)\b/iu;

/** Splits "A, B and C" / "A und B" / "A & B" into names, without "| Org" or ", Role" tails. */
function splitNames(s: string): string[] {
  return s
    .replace(BYLINE_PREFIX, '')
    .replace(ORG_OR_ROLE_TAIL, '')
    .split(/\s*(?:,|;|\band\b|\bund\b|\bet\b|\by\b|\be\b|&|\bwith\b)\s*/i)
    .map((p) => p.trim())
    .filter((p, i) => p !== '' && (i === 0 || !ROLE.test(p)));
}

function findByline($: CheerioAPI, page: PageIndex, meta: MetaMap, article: Record<string, unknown> | null): string[] {
  const names: string[] = [];
  const add = (raw: string) => {
    const name = cleanAuthorName(raw);
    if (name === null) return;
    const key = name.toLowerCase();
    if (!names.some((n) => n.toLowerCase() === key)) names.push(detach(name));
  };
  if (article !== null) {
    for (const n of authorNames(article['author'] ?? article['creator'])) {
      for (const part of splitNames(n)) add(part);
    }
  }
  if (names.length > 0) return names;

  const addText = (el: Element) => {
    const raw = shortTextOf(el, 400);
    if (raw === null) return;
    const text = normalizeText(raw);
    if (text.length > 120) return;
    for (const part of splitNames(text)) add(part);
  };
  for (const el of page.authorElements) {
    if (names.length >= 8) break;
    const cls = (el.attribs['class'] ?? '').toLowerCase();
    if (cls.includes('byline') || (el.attribs['data-testid'] ?? '').includes('byline')) {
      // A byline container: the names are its links and name elements ("By <a>Jane Doe</a> · 5 min read").
      for (const inner of elementsWhere(el, isNameMarkup)) addText(inner);
      if (el.attribs['itemprop'] !== 'author') continue;
    }
    if (el.attribs['itemprop'] === 'author') for (const inner of elementsWhere(el, isItempropName)) addText(inner);
    addText(el);
  }
  if (names.length > 0) return names;

  const metaAuthor = firstMeta(meta, ['author', 'article:author', 'byl', 'dc.creator', 'parsely-author', 'sailthru.author', 'cxenseparse:author']);
  if (metaAuthor !== null) for (const part of splitNames(metaAuthor)) add(part);
  if (names.length > 0) return names;

  const byline = page.authorElements[0] ?? elementsWhere($.root().get(0)!, (el) => (el.attribs['class'] ?? '').includes('author'), 1)[0];
  const bylineText = byline === undefined ? null : shortTextOf(byline, 400);
  if (bylineText !== null) {
    const text = normalizeText(bylineText);
    if (text.length <= 120 && BYLINE_PREFIX.test(text)) for (const part of splitNames(text)) add(part);
  }
  return names;
}

/** `a, [class*="name"], [itemprop="name"]`: where a byline container keeps its names. */
function isNameMarkup(el: Element): boolean {
  return el.name === 'a' || (el.attribs['class'] ?? '').includes('name') || el.attribs['itemprop'] === 'name';
}

function isItempropName(el: Element): boolean {
  return el.attribs['itemprop'] === 'name';
}

// ---------- dates ----------

const PUBLISHED_META = [
  'article:published_time', 'og:article:published_time', 'datepublished', 'publishdate', 'publish-date', 'pubdate',
  'parsely-pub-date', 'sailthru.date', 'dc.date.issued', 'dc.date', 'dcterms.created', 'date', 'article.published',
  'og:published_time', 'published_time', 'publication_date', 'cxenseparse:recs:publishtime', 'originalpublicationdate',
];
const MODIFIED_META = ['article:modified_time', 'og:updated_time', 'datemodified', 'last-modified', 'dcterms.modified', 'dc.date.modified', 'article.updated', 'modified_time', 'lastmod'];

function findPublished($: CheerioAPI, page: PageIndex, meta: MetaMap, jsonLd: JsonLdSummary): string | null {
  if (jsonLd.article !== null) {
    const d = parseDateValue(stringValue(jsonLd.article['datePublished']) ?? stringValue(jsonLd.article['dateCreated']));
    if (d !== null) return d;
  }
  for (const key of PUBLISHED_META) {
    const d = parseDateValue(meta.get(key));
    if (d !== null) return d;
  }
  for (const node of jsonLd.nodes) {
    const d = parseDateValue(stringValue(node['datePublished']));
    if (d !== null) return d;
  }
  let fromTime: string | null = null;
  for (const el of page.times) {
    fromTime = parseDateValue(el.attribs['datetime'] ?? el.attribs['content']) ?? parseTextDate(shortTextOf(el, 200) ?? '');
    if (fromTime !== null) break;
  }
  if (fromTime !== null) return fromTime;
  // Last resort: a date written in a byline/date line.
  for (const el of elementsWhere($.root().get(0)!, hasDateLineClass)) {
    const text = shortTextOf(el, 200);
    const fromText = text === null ? null : parseTextDate(text);
    if (fromText !== null) return fromText;
  }
  return null;
}

/** `[class*="date"], [class*="time"], [class*="byline"], [class*="meta"]` */
function hasDateLineClass(el: Element): boolean {
  const cls = el.attribs['class'];
  return cls !== undefined && DATE_LINE_CLASS.test(cls);
}
const DATE_LINE_CLASS = /date|time|byline|meta/;

function findModified(meta: MetaMap, jsonLd: JsonLdSummary): string | null {
  if (jsonLd.article !== null) {
    const d = parseDateValue(stringValue(jsonLd.article['dateModified']));
    if (d !== null) return d;
  }
  for (const key of MODIFIED_META) {
    const d = parseDateValue(meta.get(key));
    if (d !== null) return d;
  }
  return null;
}

// ---------- language ----------

function normalizeLang(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const s = raw.trim().replace(/_/g, '-');
  const m = /^([a-zA-Z]{2,3})(?:-([a-zA-Z]{4}))?(?:-([a-zA-Z]{2}|\d{3}))?\b/.exec(s);
  if (m === null) return null;
  let out = m[1]!.toLowerCase();
  if (m[2] !== undefined) out += '-' + m[2][0]!.toUpperCase() + m[2].slice(1).toLowerCase();
  if (m[3] !== undefined) out += '-' + m[3].toUpperCase();
  return out;
}

function findLang(page: PageIndex, meta: MetaMap, article: Record<string, unknown> | null): string | null {
  const html = page.html;
  return (
    normalizeLang(html?.attribs['lang'] ?? html?.attribs['xml:lang']) ??
    normalizeLang(meta.get('content-language') ?? meta.get('language') ?? meta.get('dc.language')) ??
    normalizeLang(article ? stringValue(article['inLanguage']) : null) ??
    normalizeLang(meta.get('og:locale'))
  );
}

// ---------- canonical URL ----------

function findCanonical(index: PageIndex, meta: MetaMap, pageUrl: string): string {
  const page = parseHttpUrl(pageUrl);
  const candidates = [index.canonicalHref ?? undefined, meta.get('og:url')];
  for (const candidate of candidates) {
    if (candidate === undefined || page === null) continue;
    const url = parseHttpUrl(candidate, page.href);
    if (url === null) continue;
    // Only trust a canonical on the same site: a foreign one could hijack the id.
    if (siteOf(url.hostname) !== siteOf(page.hostname)) continue;
    return canonicalizeUrl(url.href);
  }
  return canonicalizeUrl(pageUrl);
}
