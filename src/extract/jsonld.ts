/**
 * schema.org JSON-LD: tolerant parsing (pages ship broken JSON) and a flat list
 * of typed nodes, so metadata and body fallbacks can look things up by type.
 */
import type { PageIndex } from './page-index.js';

export type JsonObject = { [key: string]: unknown };

const ARTICLE_TYPES = /^(?:Article|NewsArticle|ReportageNews|AnalysisNewsArticle|OpinionNewsArticle|ReviewNewsArticle|BackgroundNewsArticle|AskPublicNewsArticle|BlogPosting|LiveBlogPosting|SocialMediaPosting|Report|TechArticle|ScholarlyArticle|SatiricalArticle|AdvertiserContentArticle|MedicalScholarlyArticle|DiscussionForumPosting|Review|Recipe)$/;
const NON_ARTICLE_PAGE_TYPES = /^(?:CollectionPage|SearchResultsPage|ItemList|WebSite|ProfilePage|ContactPage|AboutPage|CheckoutPage|Product|Store|Organization|Place)$/;

export interface JsonLdSummary {
  nodes: JsonObject[];
  /** The first node whose @type is an article type. */
  article: JsonObject | null;
  /** True when a node typed as a listing/site page and no article node was found. */
  listingOnly: boolean;
}

export function readJsonLd(page: PageIndex): JsonLdSummary {
  const nodes: JsonObject[] = [];
  for (const el of page.jsonLdScripts) {
    const raw = el.children.map((c) => (c.type === 'text' ? (c as unknown as { data: string }).data : '')).join('');
    const parsed = parseLenient(raw);
    if (parsed !== undefined) flatten(parsed, nodes, 0);
  }
  let article: JsonObject | null = null;
  let listing = false;
  for (const node of nodes) {
    const types = typesOf(node);
    if (article === null && types.some((t) => ARTICLE_TYPES.test(t))) article = node;
    if (types.some((t) => NON_ARTICLE_PAGE_TYPES.test(t))) listing = true;
  }
  return { nodes, article, listingOnly: listing && article === null };
}

function parseLenient(raw: string): unknown {
  const text = raw.trim().replace(/^<!--/, '').replace(/-->$/, '').replace(/^\s*\/\*<!\[CDATA\[\*\//, '').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // Common breakage: raw control characters inside strings, trailing commas.
    try {
      return JSON.parse(text.replace(/[\u0000-\u001F]+/g, ' ').replace(/,\s*([}\]])/g, '$1'));
    } catch {
      return undefined;
    }
  }
}

function flatten(value: unknown, out: JsonObject[], depth: number): void {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) flatten(item, out, depth + 1);
    return;
  }
  const obj = value as JsonObject;
  out.push(obj);
  if (obj['@graph'] !== undefined) flatten(obj['@graph'], out, depth + 1);
  // mainEntity of a WebPage is often the article itself.
  if (obj['mainEntity'] !== undefined && typeof obj['mainEntity'] === 'object') flatten(obj['mainEntity'], out, depth + 1);
}

export function typesOf(node: JsonObject): string[] {
  const t = node['@type'];
  if (typeof t === 'string') return [t.replace(/^https?:\/\/schema\.org\//, '')];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^https?:\/\/schema\.org\//, ''));
  return [];
}

/** A string value, or the first string of an array, or `name`/`@value` of an object. */
export function stringValue(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    for (const item of value) {
      const s = stringValue(item);
      if (s !== null) return s;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    const obj = value as JsonObject;
    return stringValue(obj['name'] ?? obj['@value'] ?? null);
  }
  return null;
}

/** Names of Person authors (organisations are not bylines). */
export function authorNames(value: unknown): string[] {
  const names: string[] = [];
  const visit = (v: unknown, depth: number): void => {
    if (depth > 3 || v == null) return;
    if (typeof v === 'string') {
      names.push(v);
      return;
    }
    if (Array.isArray(v)) {
      for (const item of v) visit(item, depth + 1);
      return;
    }
    if (typeof v === 'object') {
      const obj = v as JsonObject;
      const types = typesOf(obj);
      if (types.includes('Organization') || types.includes('NewsMediaOrganization')) return;
      const name = stringValue(obj['name']);
      if (name !== null) names.push(name);
    }
  };
  visit(value, 0);
  return names;
}
