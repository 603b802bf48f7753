/**
 * Where embed markup hides besides the live DOM: lazy attributes (`data-src`, `data-lazy-src`,
 * …), WordPress wrappers holding a bare URL, and script bodies (text/template, oEmbed JSON
 * `"html": "…"`, Embed Privacy's `var _oembed_… = '{"embed":"&lt;iframe …"}'`). Script bodies
 * are raw text to htmlparser2, so they are decoded and re-parsed — only after a cheap test.
 */
import type { Element } from 'domhandler';
import { attr, parseUrl } from './markup.js';

/** Cheap pre-test: does this string mention any platform we know? */
export const PLATFORM_MARKER = /twitter|x\.com|instagr|tiktok|facebook|youtu|bsky|threads|mastodon|reddit|vimeo|spotify|linkedin|embed|player/i;

/** Script types whose body is HTML (client templates, consent managers' stashed markup). */
const TEMPLATE_TYPES = /^text\/(?:template|html|x-template|x-handlebars-template|x-tmpl|ng-template)$/i;
/** Script types whose body is code or data holding markup in string literals. */
const CODE_TYPES = /^(?:(?:text|application)\/(?:javascript|ecmascript|json|ld\+json|plain)|module|)$/i;
const MAX_SNIPPETS = 20;

export interface ScriptMarkup {
  html: string;
  /**
   * Whether unknown-provider frames in it count as embeds: yes for templates and consent
   * stashes, no for app state and player configs (their "share this video" codes are not embeds).
   */
  allowOther: boolean;
}

const CONSENT_STASH = /_oembed_|embed[-_]?privacy|consent|borlabs|cookiebot/i;

/** Script body → HTML to re-parse, or null when the script carries no embed markup. */
export function scriptMarkup(script: Element, body: string): ScriptMarkup | null {
  if (attr(script, 'src') !== null) return null; // widgets.js / embed.js: loaders, not embeds
  if (body.length < 20) return null;
  // One cheap scan first: most scripts open none of these tags.
  const starts = tagStarts(body);
  if (starts.length === 0) return null;
  const type = (attr(script, 'type') ?? '').trim();
  if (TEMPLATE_TYPES.test(type)) return PLATFORM_MARKER.test(body) ? { html: body, allowOther: true } : null;
  if (!CODE_TYPES.test(type)) return null;
  // Code and JSON: only the string literals that hold markup, decoded (never the whole bundle).
  const snippets: string[] = [];
  let consumed = 0;
  for (const index of starts) {
    if (index < consumed) continue;
    const literal = enclosingLiteral(body, index);
    if (literal === null) continue;
    consumed = literal.end;
    const text = body.slice(literal.start, literal.end);
    if (PLATFORM_MARKER.test(text)) snippets.push(decodeLayers(text));
    if (snippets.length >= MAX_SNIPPETS) break;
  }
  if (snippets.length === 0) return null;
  const allowOther = CONSENT_STASH.test(body.slice(0, 200)) || CONSENT_STASH.test(attr(script, 'class') ?? '');
  return { html: snippets.join('\n'), allowOther };
}

/**
 * An embed tag opening inside script text: "<", an escaped "<" (`\u003c`, `\x3c`, `&lt;`,
 * `&#60;`) and a tag name — group 1 is the name. fb-post/fb-video class names count
 * anywhere (PLATFORM_MARKER checks their literal afterwards). One regex pass: six
 * `indexOf` scans of every script cost about three times as much.
 */
const TAG_START = /(?:<|\\[uU]003[cC]|\\[xX]3[cC]|&[lL][tT];|&#0*60;)\s*(iframe|blockquote|amp-|lite-youtube|fb-post|fb-video)|fb-(?:post|video)/g;
const MAX_TAG_STARTS = 200;

/** Offsets (in document order) where embed markup tags open inside `body`. */
function tagStarts(body: string): number[] {
  const out: number[] = [];
  TAG_START.lastIndex = 0;
  for (let m = TAG_START.exec(body); m !== null && out.length < MAX_TAG_STARTS; m = TAG_START.exec(body)) {
    const name = m[1];
    out.push(name === undefined ? m.index : m.index + m[0].length - name.length);
  }
  return out;
}

/**
 * Bounds of the string literal around `index`: the nearest unescaped quote to the left sets the
 * delimiter, the next unescaped same quote to the right ends it. Null outside a literal.
 */
function enclosingLiteral(body: string, index: number): { start: number; end: number } | null {
  let start = -1;
  let quote = '';
  for (let i = index - 1; i >= 0 && index - i < 2000; i -= 1) {
    const c = body[i];
    if ((c === '"' || c === "'" || c === '`') && !isEscaped(body, i)) {
      start = i + 1;
      quote = c;
      break;
    }
    if (c === '\n' && quote === '') break;
  }
  if (start < 0) return null;
  for (let i = index; i < body.length; i += 1) {
    if (body[i] === quote && !isEscaped(body, i)) return { start, end: i };
  }
  return null;
}

function isEscaped(body: string, i: number): boolean {
  let n = 0;
  for (let j = i - 1; j >= 0 && body[j] === '\\'; j -= 1) n += 1;
  return n % 2 === 1;
}

const ENTITY: Record<string, string> = { lt: '<', gt: '>', quot: '"', amp: '&', apos: "'", '#039': "'", '#39': "'", '#34': '"', '#60': '<', '#62': '>', '#x27': "'", '#x2f': '/', '#47': '/' };

/**
 * Peels JSON/JS string escapes and HTML entities off embedded markup until real tags appear
 * (at most three layers: entity-escaped HTML inside JSON inside a JS string is the worst seen).
 */
export function decodeLayers(input: string): string {
  let s = input;
  for (let i = 0; i < 3; i += 1) {
    const before = s;
    if (/\\u00[0-9a-f]{2}|\\x[0-9a-f]{2}/i.test(s)) {
      s = s.replace(/\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})/g, (_m, u: string | undefined, x: string | undefined) =>
        String.fromCharCode(parseInt(u ?? x ?? '20', 16)),
      );
    }
    if (/\\["'\/\\nrt]/.test(s)) {
      s = s.replace(/\\(["'\/\\nrt])/g, (_m, c: string) => (c === 'n' || c === 'r' || c === 't' ? ' ' : c));
    }
    if (!/<\s*(?:blockquote|iframe|amp-|div|lite-youtube)/i.test(s) && /&(?:lt|#0*60);/i.test(s)) {
      s = s.replace(/&(lt|gt|quot|amp|apos|#0*39|#0*34|#0*60|#0*62|#x27|#x2F|#0*47);/gi, (m, e: string) => ENTITY[e.toLowerCase().replace(/^#0+/, '#')] ?? m);
    }
    if (s === before) break;
  }
  return s;
}

/** Lazy-loading attributes that hold the real frame/post URL. */
const LAZY_ATTRS = ['data-src', 'data-lazy-src', 'data-url', 'data-href', 'data-iframe-src', 'data-embed-src', 'data-original'];
const BLANK_SRC = /^(?:$|about:|data:|javascript:|#)/i;

/** The URL an iframe/embed/object will load: the lazy attribute when src is a placeholder. */
export function frameUrl(el: Element, pageUrl: string): URL | null {
  const src = attr(el, el.name === 'object' ? 'data' : 'src')?.trim() ?? '';
  if (!BLANK_SRC.test(src)) {
    const u = parseUrl(src, pageUrl);
    if (u !== null) return u;
  }
  for (const name of LAZY_ATTRS) {
    const v = attr(el, name);
    if (v !== null && !BLANK_SRC.test(v.trim())) {
      const u = parseUrl(v, pageUrl);
      if (u !== null) return u;
    }
  }
  return null;
}

/** A post URL kept in a lazy attribute of a non-frame placeholder (`div[data-src=…]`). */
export function lazyLinkUrl(el: Element): URL | null {
  for (const name of LAZY_ATTRS) {
    const v = el.attribs[name];
    if (v === undefined || !PLATFORM_MARKER.test(v)) continue;
    const u = parseUrl(v);
    if (u !== null) return u;
  }
  return null;
}

/** WordPress `wp-block-embed__wrapper` whose only content is the post URL (failed oEmbed). */
export function bareUrlOf(el: Element): URL | null {
  let text = '';
  for (const child of el.children) {
    if (child.type === 'text') text += child.data;
    else if (child.type === 'tag' && child.name === 'a' && child.children.length <= 1) {
      text += attr(child, 'href') ?? '';
    } else if (child.type === 'tag' && child.name !== 'br') return null;
  }
  const trimmed = text.trim();
  if (trimmed === '' || /\s/.test(trimmed)) return null;
  return parseUrl(trimmed);
}
