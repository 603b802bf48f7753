/**
 * Embedded posts of a page (DESIGN.md §1 `embeds`). One walk over the DOM gathers every
 * shape an embed takes — official markup, AMP components, iframes, lazy placeholders,
 * noscript/template copies, markup inside scripts — dispatches each to its platform module,
 * merges the copies by (platform, id) in document order, and reports the DOM nodes the
 * body extractor must skip (fallback text and consent notices are not article text).
 */
import type { CheerioAPI } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import type { Embed } from '../../record.js';
import { parseHtml, textOf } from '../dom.js';
import { resolveUrl, siteOf } from '../../url.js';
import type { EmbedDraft, EmbedPlatformModule, ParseContext, UrlKind } from './types.js';
import { attr, hasClass, isElement, parseUrl, textAtMost } from './markup.js';
import { bareUrlOf, frameUrl, lazyLinkUrl, scriptMarkup } from './sources.js';
import { xModule } from './x.js';
import { instagramModule } from './instagram.js';
import { tiktokModule } from './tiktok.js';
import { facebookModule } from './facebook.js';
import { youtubeModule } from './youtube.js';
import { blueskyModule } from './bluesky.js';
import { threadsModule } from './threads.js';
import { mastodonModule } from './mastodon.js';
import { redditModule } from './reddit.js';
import { vimeoModule } from './vimeo.js';
import { spotifyModule } from './spotify.js';
import { linkedinModule } from './linkedin.js';
import { otherModule } from './other.js';

export type { EmbedDraft, EmbedPlatformModule, ParseContext, UrlKind } from './types.js';
export { parseFooterDate } from './dates.js';

/** The registry. Order matters for URLs: `other` is the fallback and must stay last. */
export const EMBED_MODULES: readonly EmbedPlatformModule[] = [
  xModule,
  instagramModule,
  tiktokModule,
  facebookModule,
  youtubeModule,
  blueskyModule,
  threadsModule,
  mastodonModule,
  redditModule,
  vimeoModule,
  spotifyModule,
  linkedinModule,
  otherModule,
];

export interface EmbedScan {
  embeds: Embed[];
  nodes: Element[];
}

const CLASS_MODULES = new Map<string, EmbedPlatformModule>();
const TAG_MODULES = new Map<string, EmbedPlatformModule>();
for (const module of EMBED_MODULES) {
  for (const cls of module.classes ?? []) CLASS_MODULES.set(cls, module);
  for (const tag of module.tags ?? []) TAG_MODULES.set(tag, module);
}
const WP_WRAPPER = 'wp-block-embed__wrapper';
// One test per element decides whether its class list is worth splitting.
// (a short literal alternation: this runs on every class attribute of the page).
const CLASS_PREFILTER = /tweet|twitter|instagram|tiktok|fb-|bluesky|text-post|mastodon|reddit|wp-block-embed__/;
const FRAME_TAGS = new Set(['iframe', 'embed', 'object', 'amp-iframe']);
const MAX_SCRIPT_DEPTH = 2;
// Official markup that is not a blockquote (fb-post divs, rendered tweet divs) is short.
const MAX_CLASS_CLAIM_TEXT = 3000;
// Lazy images and links carry data-src/data-href too, but never an embed.
const NO_LAZY_PLACEHOLDER = new Set(['a', 'img', 'source', 'picture', 'link', 'meta', 'input', 'video', 'audio', 'track', 'use', 'image']);

/** Dispatches a URL to the first module that recognises it. */
export function embedFromUrl(url: URL, kind: UrlKind): EmbedDraft | null {
  for (const module of EMBED_MODULES) {
    const draft = module.fromUrl?.(url, kind) ?? null;
    if (draft !== null) return draft;
  }
  return null;
}

interface Sighting {
  draft: EmbedDraft;
  /** The live-DOM element this copy came from (the script for re-parsed markup). */
  node: Element;
  /** True when the copy sits in a hidden source (noscript, template, script). */
  hidden: boolean;
}

export function findEmbeds($: CheerioAPI, pageUrl: string): EmbedScan {
  const ctx: ParseContext = { pageUrl };
  const sightings: Sighting[] = [];
  const root = $.root()[0];
  if (root === undefined) return { embeds: [], nodes: [] };
  walk(root as unknown as AnyNode, null, 0, { ctx, out: sightings, allowOther: true });
  return { embeds: mergeSightings(sightings, pageUrl), nodes: outerNodes(sightings) };
}

interface WalkState {
  ctx: ParseContext;
  out: Sighting[];
  /** False inside app-state scripts: only known platforms count there. */
  allowOther: boolean;
}

/**
 * Pre-order walk in document order. Iterative: a page of 20 000 nested divs must not
 * overflow the stack. Markup re-parsed from a script is walked with the script as `anchor`.
 */
function walk(root: AnyNode, anchor: Element | null, depth: number, state: WalkState): void {
  const rootChildren = (root as Element).children;
  if (rootChildren === undefined) return;
  const nodes: AnyNode[] = [];
  for (let i = rootChildren.length - 1; i >= 0; i -= 1) nodes.push(rootChildren[i] as AnyNode);
  while (nodes.length > 0) {
    const node = nodes.pop() as AnyNode;
    if (node.type === 'script') {
      if (depth < MAX_SCRIPT_DEPTH) {
        try {
          visitScript(node as Element, anchor, depth, state);
        } catch {
          // One malformed embed must not cost the page its other embeds: the walk goes on.
        }
      }
      continue;
    }
    if (node.type !== 'tag') continue;
    const el = node as Element;
    try {
      visitElement(el, anchor, state);
    } catch {
      // as above
    }
    const children = el.children;
    for (let i = children.length - 1; i >= 0; i -= 1) nodes.push(children[i] as AnyNode);
  }
}

function record(state: WalkState, draft: EmbedDraft | null, el: Element, anchor: Element | null): boolean {
  if (draft === null || (draft.platform === 'other' && !state.allowOther)) return false;
  state.out.push({ draft, node: anchor ?? el, hidden: anchor !== null || insideHiddenCopy(el) });
  return true;
}

/** Inside <noscript> or <template>: a copy of an embed, not the live one. */
function insideHiddenCopy(el: Element): boolean {
  for (let p = el.parent; p !== null; p = p.parent) if (isElement(p) && HIDDEN_COPY.has(p.name)) return true;
  return false;
}

function visitElement(el: Element, anchor: Element | null, state: WalkState): void {
  const name = el.name;
  const { ctx } = state;
  if (FRAME_TAGS.has(name)) {
    const url = frameUrl(el, ctx.pageUrl);
    if (url === null) return;
    const draft = embedFromUrl(url, 'frame');
    // WordPress's own post cards (`iframe.wp-embedded-content` of a sister article) are links.
    if (draft?.platform === 'other' && hasClass(el, 'wp-embedded-content') && sameSite(url, ctx.pageUrl)) return;
    record(state, draft, el, anchor);
    return;
  }
  if (name === 'param') {
    // Legacy Flash: <param name="movie" value="http://www.youtube.com/v/ID">
    if ((attr(el, 'name') ?? '').toLowerCase() === 'movie') {
      const url = parseUrl(attr(el, 'value'), ctx.pageUrl);
      if (url !== null) record(state, embedFromUrl(url, 'frame'), el, anchor);
    }
    return;
  }
  const tagModule = name.length > 4 && name.includes('-') ? TAG_MODULES.get(name) : undefined;
  if (tagModule?.fromElement !== undefined && record(state, tagModule.fromElement(el, ctx), el, anchor)) return;
  // The class and any lazy placeholder attribute, in one pass over the attributes.
  let cls: string | undefined;
  let lazy = false;
  const attribs = el.attribs;
  for (const key in attribs) {
    if (key === 'class') cls = attribs[key];
    else if (LAZY_PLACEHOLDER_ATTRS.has(key)) lazy = true;
  }
  if (cls !== undefined && CLASS_PREFILTER.test(cls)) {
    for (const token of cls.split(/\s+/)) {
      if (token === WP_WRAPPER) {
        const url = bareUrlOf(el);
        if (url !== null && record(state, embedFromUrl(url, 'link'), el, anchor)) return;
        continue;
      }
      const module = CLASS_MODULES.get(token);
      if (module?.fromElement === undefined) continue;
      // A theme that reuses an embed class on a content container (div.instagram-media
      // around a whole article) must not turn the article into an embed.
      if (name !== 'blockquote' && !textAtMost(el, MAX_CLASS_CLAIM_TEXT)) continue;
      if (record(state, module.fromElement(el, ctx), el, anchor)) return;
    }
  }
  if (lazy && !NO_LAZY_PLACEHOLDER.has(name)) {
    const url = lazyLinkUrl(el);
    if (url !== null) record(state, embedFromUrl(url, 'link'), el, anchor);
  }
}

function sameSite(url: URL, pageUrl: string): boolean {
  const page = parseUrl(pageUrl);
  return page !== null && siteOf(page.hostname) === siteOf(url.hostname);
}

/** Lazy-loading attributes that may hold a post URL on a placeholder element. */
const LAZY_PLACEHOLDER_ATTRS = new Set(['data-src', 'data-lazy-src', 'data-url', 'data-href', 'data-iframe-src', 'data-embed-src']);

function visitScript(script: Element, anchor: Element | null, depth: number, state: WalkState): void {
  const first = script.children[0];
  if (first === undefined || first.type !== 'text') return;
  const markup = scriptMarkup(script, first.data);
  if (markup === null) return;
  const fragment = parseHtml(markup.html).root()[0];
  if (fragment === undefined) return;
  const inner: WalkState = { ...state, allowOther: state.allowOther && markup.allowOther };
  walk(fragment as unknown as AnyNode, anchor ?? script, depth + 1, inner);
}

// ---- merging ---------------------------------------------------------------------------

function mergeSightings(sightings: readonly Sighting[], pageUrl: string): Embed[] {
  const byKey = new Map<string, Embed>();
  for (const { draft } of sightings) {
    const key = `${draft.platform}\u0000${draft.id}`;
    const media = (draft.media ?? []).flatMap((m) => {
      const abs = resolveUrl(m, pageUrl);
      return abs === null ? [] : [abs];
    });
    const existing = byKey.get(key);
    if (existing === undefined) {
      byKey.set(key, {
        platform: draft.platform,
        url: draft.url,
        id: draft.id,
        author: draft.author ?? null,
        handle: draft.handle ?? null,
        text: draft.text ?? null,
        publishedAt: draft.publishedAt ?? null,
        media: [...new Set(media)],
      });
      continue;
    }
    // A later copy fills what earlier ones lacked; a URL with a handle beats one without.
    if (existing.handle === null && draft.handle != null) existing.url = draft.url;
    existing.author ??= draft.author ?? null;
    existing.handle ??= draft.handle ?? null;
    existing.text ??= draft.text ?? null;
    existing.publishedAt ??= draft.publishedAt ?? null;
    for (const m of media) if (!existing.media.includes(m)) existing.media.push(m);
  }
  return [...byKey.values()];
}

// ---- nodes -----------------------------------------------------------------------------

const HIDDEN_COPY = new Set(['noscript', 'template']);
// Wrappers a CMS puts around one embed; consent managers' notices.
const WRAPPER_WORDS = /embed|consent|privacy|placeholder|social-?media|twitter|tweet|instagram|tiktok|facebook|youtube|vimeo|spotify|bluesky|reddit|threads|mastodon|linkedin|video-?player/i;
const CONSENT_WORDS = /consent|privacy|placeholder|gdpr|cmp|opt-?in|click-?to-?load|external|extern|embed/i;
const NEVER_WRAPPER = new Set(['body', 'html', 'main', 'article', 'header', 'footer', 'nav', 'aside', 'figure', 'ul', 'ol', 'table']);
const MAX_WRAPPER_EXTRA_TEXT = 600;

function outerNodes(sightings: readonly Sighting[]): Element[] {
  const claimed = new Set<Element>();
  for (const s of sightings) claimed.add(s.node);
  const outer = new Set<Element>();
  for (const s of sightings) {
    let node = s.node;
    while (node.parent !== null && isElement(node.parent) && HIDDEN_COPY.has(node.parent.name)) node = node.parent;
    node = climbWrappers(node, claimed);
    outer.add(node);
    for (const extra of companions(node, s)) outer.add(extra);
  }
  // Keep only the outermost: a node inside another reported node is already covered.
  return [...outer].filter((node) => {
    for (let p = node.parent; p !== null; p = p.parent) if (isElement(p) && outer.has(p)) return false;
    return true;
  });
}

function climbWrappers(start: Element, claimed: ReadonlySet<Element>): Element {
  let node = start;
  for (let parent = node.parent; parent !== null && isElement(parent); parent = node.parent) {
    if (NEVER_WRAPPER.has(parent.name) || !WRAPPER_WORDS.test(`${parent.attribs['class'] ?? ''} ${parent.attribs['id'] ?? ''}`)) break;
    if (!onlyEmbedContent(parent, claimed)) break;
    node = parent;
  }
  return node;
}

/** True when everything in `wrapper` besides embed copies is a short notice (no caption, no headings). */
function onlyEmbedContent(wrapper: Element, claimed: ReadonlySet<Element>): boolean {
  let extra = 0;
  let ok = true;
  const visit = (node: Element): void => {
    for (const child of node.children) {
      if (!ok) return;
      if (child.type === 'text') {
        extra += child.data.trim().length;
        if (extra > MAX_WRAPPER_EXTRA_TEXT) ok = false;
      } else if (isElement(child)) {
        if (claimed.has(child) || child.name === 'script' || child.name === 'style' || HIDDEN_COPY.has(child.name)) continue;
        if (child.name === 'figcaption' || /^h[1-6]$/.test(child.name) || child.name === 'article') {
          ok = false;
          return;
        }
        visit(child);
      }
    }
  };
  visit(wrapper);
  return ok;
}

/** Siblings that belong to the embed code: Vimeo's credit line, consent notices of hidden copies. */
function companions(node: Element, s: Sighting): Element[] {
  const out: Element[] = [];
  const next = nextElement(node);
  if (s.draft.platform === 'vimeo' && next !== null && next.name === 'p' && /\bon\s+Vimeo\.?\s*$/i.test(textOf(next))) out.push(next);
  if (s.hidden) {
    const forId = attr(s.node, 'data-embed-for');
    for (const sib of [previousElement(node), next]) {
      if (sib === null || sib.name === 'p' && !CONSENT_WORDS.test(sib.attribs['class'] ?? '')) continue;
      const linked = forId !== null && (attr(sib, 'data-embed-id') === forId || attr(sib, 'id') === forId);
      const looksLikeNotice = CONSENT_WORDS.test(`${sib.attribs['class'] ?? ''} ${sib.attribs['id'] ?? ''}`) && textOf(sib).trim().length <= MAX_WRAPPER_EXTRA_TEXT;
      if ((linked || looksLikeNotice) && !NEVER_WRAPPER.has(sib.name)) out.push(sib);
    }
  }
  return out;
}

function nextElement(node: Element): Element | null {
  for (let n = node.next; n !== null; n = n.next) {
    if (isElement(n)) return n;
    if (n.type === 'text' && n.data.trim() !== '') return null;
  }
  return null;
}

function previousElement(node: Element): Element | null {
  for (let n = node.prev; n !== null; n = n.prev) {
    if (isElement(n)) return n;
    if (n.type === 'text' && n.data.trim() !== '') return null;
  }
  return null;
}
