/** Small page builders for the extraction tests: each test states only what it is about. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractRecord } from '../../../src/extract/index.js';
import type { ArticleRecord } from '../../../src/record.js';

export const PAGE_URL = 'https://news.example/world/2024/03/storm-story';

export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/pages');

export function fixture(name: string): string {
  return readFileSync(resolve(FIXTURES, name), 'utf8');
}

/** Real-looking body paragraphs (each long enough to count as prose). */
export const P = [
  'Heavy rain swept across the coastal towns overnight, flooding roads and cutting power to more than two thousand homes before dawn.',
  'Emergency crews worked through the night to clear fallen trees from the highway, which reopened to traffic shortly after seven in the morning.',
  'The regional council said the storm-water system had coped better than during last year\'s floods, although several culverts overflowed.',
  'Residents of the low-lying streets near the estuary were advised to boil their drinking water until further notice from the health board.',
  'Forecasters expect the weather to clear by the weekend, with lighter winds and only scattered showers in the south of the region.',
];

export interface PageParts {
  head?: string;
  /** Markup before the <article> (site header, nav). */
  before?: string;
  /** Inside the article, after the headline and before the body. */
  top?: string;
  /** Body markup; defaults to the five paragraphs of P. */
  body?: string;
  /** Inside the article, after the body. */
  bottom?: string;
  /** After the article (footer, sidebars). */
  after?: string;
  lang?: string;
  title?: string;
}

export const paras = (texts: readonly string[]) => texts.map((t) => `<p>${t}</p>`).join('\n');

export function page(parts: PageParts = {}): string {
  const title = parts.title ?? 'Storm floods coastal towns overnight';
  return `<!doctype html><html lang="${parts.lang ?? 'en'}"><head><meta charset="utf-8">
<title>${title} | Coast News</title>
<meta property="og:title" content="${title}"><meta property="og:site_name" content="Coast News"><meta property="og:type" content="article">
${parts.head ?? ''}</head><body>
<header class="site-header"><a href="/">Coast News</a></header>
${parts.before ?? ''}
<main><article>
<h1>${title}</h1>
${parts.top ?? ''}
<div class="article-body">
${parts.body ?? paras(P)}
</div>
${parts.bottom ?? ''}
</article></main>
${parts.after ?? ''}
<footer class="site-footer"><p>Contact us · Advertise · Privacy policy · Terms of use</p></footer>
</body></html>`;
}

export function extract(html: string, url = PAGE_URL): ArticleRecord {
  return extractRecord(html, url);
}

export const SCHEMA_FIELDS = [
  'schema', 'id', 'url', 'finalUrl', 'canonicalUrl', 'fetchedAt', 'isArticle', 'title', 'description', 'siteName',
  'byline', 'publishedAt', 'modifiedAt', 'lang', 'paragraphs', 'text', 'captions', 'embeds', 'contentHash', 'fingerprint',
] as const;
