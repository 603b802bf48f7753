/**
 * One walk over the parsed page collecting the elements metadata needs (meta tags,
 * JSON-LD scripts, headlines, times, canonical link, body): every CSS selector is a
 * full traversal, and on a 100 KB page each costs about as much as the walk itself.
 */
import type { AnyNode, CheerioAPI, Element } from './dom.js';

export interface PageIndex {
  html: Element | null;
  body: Element | null;
  title: Element | null;
  metas: Element[];
  jsonLdScripts: Element[];
  /** `<h1>` and `[itemprop=headline]` elements, in document order (at most 12). */
  headlines: Element[];
  /** `<time datetime|pubdate>` and `[itemprop=datePublished]`, in document order. */
  times: Element[];
  canonicalHref: string | null;
  /**
   * Byline markup in document order (at most 40): `[itemprop=author]`, `[rel~=author]`,
   * author-name classes, and byline containers (class or data-testid with "byline").
   */
  authorElements: Element[];
}

const AUTHOR_CLASS_TOKENS = new Set(['byline__name', 'author-name', 'author__name', 'c-byline__author', 'article-author', 'p-author']);
const MAX_AUTHOR_ELEMENTS = 40;
const BYLINE_OR_AUTHOR = /byline|author/i;
const REL_AUTHOR = /(?:^|\s)author(?:\s|$)/i;

/** A class list that marks byline markup: a byline container or an author-name class. */
function isAuthorClass(cls: string): boolean {
  // One native test per class list; lower-casing every class list would allocate per element.
  if (!BYLINE_OR_AUTHOR.test(cls)) return false;
  if (/byline/i.test(cls)) return true;
  // Every author-name class contains "author": split only those class lists.
  for (const token of cls.split(/\s+/)) if (AUTHOR_CLASS_TOKENS.has(token)) return true;
  return false;
}

const MAX_HEADLINES = 12;

export function indexPage($: CheerioAPI): PageIndex {
  const index: PageIndex = {
    html: null, body: null, title: null, metas: [], jsonLdScripts: [], headlines: [], times: [], canonicalHref: null,
    authorElements: [],
  };
  const stack: AnyNode[] = [...($.root().get(0) as unknown as { children: AnyNode[] }).children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
    const el = node as Element;
    const a = el.attribs;
    switch (el.name) {
      case 'meta':
        index.metas.push(el);
        break;
      case 'script':
        if ((a['type'] ?? '').trim().toLowerCase() === 'application/ld+json') index.jsonLdScripts.push(el);
        continue; // script text is not markup
      case 'style':
        continue;
      case 'title':
        index.title ??= el;
        break;
      case 'html':
        index.html ??= el;
        break;
      case 'body':
        index.body ??= el;
        break;
      case 'link':
        if (index.canonicalHref === null && (a['rel'] ?? '').toLowerCase().split(/\s+/).includes('canonical') && a['href'] !== undefined) {
          index.canonicalHref = a['href'];
        }
        break;
      case 'h1':
        if (index.headlines.length < MAX_HEADLINES) index.headlines.push(el);
        break;
      case 'time':
        if (a['datetime'] !== undefined || a['pubdate'] !== undefined) index.times.push(el);
        break;
    }
    // Author markup and itemprop, read in one pass over the attributes.
    let itemprop: string | undefined;
    let author = false;
    for (const key in a) {
      const value = a[key]!;
      switch (key) {
        case 'itemprop':
          itemprop = value;
          author ||= value === 'author';
          break;
        case 'rel':
          author ||= REL_AUTHOR.test(value);
          break;
        case 'class':
          author ||= isAuthorClass(value);
          break;
        case 'data-testid':
          author ||= value.includes('byline');
          break;
      }
    }
    if (author && index.authorElements.length < MAX_AUTHOR_ELEMENTS) index.authorElements.push(el);
    if (itemprop !== undefined) {
      if (itemprop === 'headline' && el.name !== 'h1' && index.headlines.length < MAX_HEADLINES) index.headlines.push(el);
      else if (itemprop === 'datePublished' && el.name !== 'time') index.times.push(el);
    }
    const children = el.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return index;
}
