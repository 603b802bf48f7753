/**
 * The extract stage: a pure function of (html, url) → article record.
 *
 *   parse → embeds → captions → metadata → body → clean (dedupe) → record
 *
 * Embeds and captions are read first and their elements are excluded from the
 * body, so fallback text and caption copies never become paragraphs.
 */
import { parseHtml, type AnyNode, type Element } from './dom.js';
import { readJsonLd, stringValue } from './jsonld.js';
import { indexPage } from './page-index.js';
import { extractMetadata, type Metadata } from './metadata.js';
import { extractBody } from './body.js';
import { findEmbeds, type EmbedScan } from './embeds/index.js';
import { findCaptions, type CaptionScan } from './captions/index.js';
import { dedupeParagraphs } from '../clean/dedupe.js';
import { contentHash, simhash64 } from '../clean/fingerprint.js';
import { normalizeText, detach } from '../clean/normalize.js';
import { canonicalizeUrl, recordIdFor } from '../url.js';
import { RECORD_SCHEMA, errorRecord, type ArticleRecord } from '../record.js';
import { GleanerError, toGleanerError } from '../errors.js';

export interface ExtractOptions {
  /** URL after redirects; defaults to `url`. */
  finalUrl?: string | null;
  fetchedAt?: string | null;
  /** Read embedded posts (default true); false leaves `embeds` empty, and embed markup is not set apart from the body. */
  embeds?: boolean;
  /** Read photo captions (default true); false leaves `captions` empty, and caption text is not set apart from the body. */
  captions?: boolean;
}

const NO_EMBEDS: EmbedScan = { embeds: [], nodes: [] };
const NO_CAPTIONS: CaptionScan = { captions: [], nodes: [] };

export interface ExtractStats {
  /** Paragraphs dropped as repeats of another paragraph, a caption or an embed. */
  duplicatesRemoved: number;
}

/** Extracts a record; throws GleanerError(PARSE_FAILED) only when nothing can be read at all. */
export function extractRecord(html: string, url: string, options: ExtractOptions = {}): ArticleRecord {
  return extractWithStats(html, url, options).record;
}

export function extractWithStats(html: string, url: string, options: ExtractOptions = {}): { record: ArticleRecord; stats: ExtractStats } {
  if (typeof html !== 'string') throw new GleanerError('PARSE_FAILED', 'input is not text');
  const pageUrl = options.finalUrl ?? url;
  let $;
  try {
    $ = parseHtml(html);
  } catch (err) {
    throw new GleanerError('PARSE_FAILED', `HTML could not be parsed: ${(err as Error).message}`, { cause: err });
  }

  const embedScan = options.embeds === false ? NO_EMBEDS : findEmbeds($, pageUrl);
  if (embedScan.nodes.length > 0) $(embedScan.nodes).remove();
  const captionScan = options.captions === false ? NO_CAPTIONS : findCaptions($, pageUrl);

  const page = indexPage($);
  const jsonLd = readJsonLd(page);
  const meta = extractMetadata($, page, pageUrl, jsonLd);

  const exclude = new Set<AnyNode>(captionScan.nodes);
  if (meta.headlineElement !== null) exclude.add(meta.headlineElement);
  const root = page.body ?? ($.root().get(0) as unknown as Element);
  const body = extractBody(root, { exclude, headline: meta.headlineElement, title: meta.title });

  let paragraphs = body.paragraphs;
  const articleBody = jsonLd.article ? stringValue(jsonLd.article['articleBody']) : null;
  const fallback = articleBodyParagraphs(articleBody);
  if (fallback !== null && fallback.chars > Math.max(500, body.chars * 2)) {
    // Poor markup (client-rendered pages, text in scripts): the publisher's own articleBody is better.
    paragraphs = fallback.paragraphs;
  }

  const isArticle = decideIsArticle(meta, jsonLd.article !== null, jsonLd.listingOnly, paragraphs, captionScan.captions.map((c) => c.text));
  const captionTexts: string[] = [];
  for (const c of captionScan.captions) {
    captionTexts.push(c.text);
    if (c.credit !== null) captionTexts.push(`${c.text} ${c.credit}`);
  }
  const deduped = dedupeParagraphs({
    paragraphs: isArticle ? paragraphs : [],
    captionTexts,
    embedTexts: embedScan.embeds.map((e) => e.text ?? '').filter(Boolean),
    title: meta.title,
  });
  const text = deduped.paragraphs.join('\n\n');
  const canonicalUrl = meta.canonicalUrl;

  const record: ArticleRecord = {
    schema: RECORD_SCHEMA,
    id: recordIdFor(canonicalUrl),
    url,
    finalUrl: options.finalUrl ?? null,
    canonicalUrl,
    fetchedAt: options.fetchedAt ?? null,
    isArticle,
    title: meta.title,
    description: meta.description,
    siteName: meta.siteName,
    byline: isArticle ? meta.byline : [],
    publishedAt: isArticle ? meta.publishedAt : null,
    modifiedAt: isArticle ? meta.modifiedAt : null,
    lang: meta.lang,
    paragraphs: deduped.paragraphs,
    text,
    captions: isArticle ? captionScan.captions : [],
    embeds: isArticle ? embedScan.embeds : [],
    contentHash: contentHash(text),
    fingerprint: simhash64(text),
  };
  return { record, stats: { duplicatesRemoved: deduped.removed } };
}

/**
 * Never throws: a page that cannot be read at all gives a record with
 * `error: {code: "PARSE_FAILED"}`, so batch runs go on with the next page.
 */
export function extractOrError(html: string, url: string, options: ExtractOptions = {}): { record: ArticleRecord; stats: ExtractStats } {
  try {
    return extractWithStats(html, url, options);
  } catch (err) {
    const error = toGleanerError(err, 'PARSE_FAILED');
    const code = error.code === 'INTERNAL' ? 'PARSE_FAILED' : error.code;
    const canonicalUrl = canonicalizeUrl(options.finalUrl ?? url);
    const record = errorRecord(url, { code, message: error.message }, { id: recordIdFor(canonicalUrl), canonicalUrl }, options);
    return { record, stats: { duplicatesRemoved: 0 } };
  }
}

function articleBodyParagraphs(articleBody: string | null): { paragraphs: string[]; chars: number } | null {
  if (articleBody === null || articleBody.length < 200) return null;
  // Some CMSs put HTML in articleBody.
  const plain = /<\/?(?:p|br|div)\b/i.test(articleBody)
    ? articleBody.replace(/<br\s*\/?>\s*<br\s*\/?>|<\/p>|<\/div>/gi, '\n').replace(/<[^>]+>/g, ' ')
    : articleBody;
  const paragraphs = plain
    .split(/\n+/)
    .map((p) => detach(normalizeText(p)))
    .filter((p) => p !== '');
  const chars = paragraphs.reduce((n, p) => n + p.length, 0);
  return { paragraphs, chars };
}

/**
 * Named heuristic "article or index": an article has a body of real paragraphs;
 * section fronts and index pages have short teasers, error pages hardly any text.
 * The page's own declaration (JSON-LD article, og:type) lowers the bar.
 */
function decideIsArticle(meta: Metadata, hasArticleLd: boolean, listingOnly: boolean, paragraphs: readonly string[], captionTexts: readonly string[]): boolean {
  if (meta.title !== null && ERROR_TITLE.test(meta.title)) return false;
  let chars = 0;
  let longParagraphs = 0;
  for (const p of paragraphs) {
    chars += p.length;
    if (p.length >= 120) longParagraphs++;
  }
  // A photo gallery tells its story in captions.
  const captionChars = captionTexts.reduce((n, t) => n + t.length, 0);
  if (chars < 150 && !(captionChars >= 300 && (hasArticleLd || meta.ogType === 'article'))) return false;
  if (hasArticleLd || meta.ogType === 'article') return true;
  if (listingOnly || meta.ogType === 'website') return longParagraphs >= 3 && chars >= 1000;
  return longParagraphs >= 2 || chars >= 600 || (longParagraphs >= 1 && chars >= 250);
}

/** Error pages say so in their title. */
const ERROR_TITLE = /^(?:error\b|\d{3}\b)|\b(?:404|page not found|not found|seite nicht gefunden|page introuvable|página no encontrada|pagina non trovata|pagina niet gevonden)\b/i;

