/**
 * Facebook: SDK markup `div.fb-post|fb-video[data-href]` with its fallback
 * `blockquote.fb-xfbml-parse-ignore`, `amp-facebook[data-href]`, `plugins/post.php|video.php?href=`
 * iframes, and bare post/video permalinks.
 */
import type { Element } from 'domhandler';
import type { EmbedDraft, EmbedPlatformModule, UrlKind } from './types.js';
import { attr, bareHost, cleanText, hasClass, ownElements, parseUrl, segments, textSkipping } from './markup.js';
import { parseFooterDate } from './dates.js';

// First path segments that are not a page username.
const NOT_A_PAGE = new Set([
  'permalink.php', 'photo.php', 'photo', 'photos', 'video.php', 'story.php', 'watch', 'share', 'groups',
  'plugins', 'reel', 'events', 'people', 'profile.php', 'media', 'posts', 'videos', 'notes', 'l.php', 'sharer',
  'sharer.php', 'dialog', 'tr', 'hashtag', 'login', 'pages',
]);
// Query keys that carry the id; every other key is dropped.
const ID_KEYS = ['story_fbid', 'id', 'fbid', 'v'];
const ID = /^(?:\d{5,25}|pfbid[A-Za-z0-9]{10,80})$/;

interface FacebookPost {
  id: string;
  url: string;
  handle: string | null;
}

export function parsePostUrl(url: URL): FacebookPost | null {
  const host = bareHost(url);
  if (host !== 'facebook.com' && host !== 'fb.watch') return null;
  const segs = segments(url);
  let id: string | null = null;
  for (let i = 0; i + 1 < segs.length && id === null; i += 1) {
    const seg = segs[i]?.toLowerCase();
    const next = segs[i + 1] ?? '';
    if ((seg === 'posts' || seg === 'videos' || seg === 'reel' || seg === 'permalink') && ID.test(next)) id = next;
    if (seg === 'share' && segs[i + 2] !== undefined) id = segs[i + 2] ?? null; // /share/p/CODE/: opaque but stable
  }
  // /{page}/photos/a.123/456/ → the last numeric segment
  if (id === null && segs.some((s) => s.toLowerCase() === 'photos')) {
    const last = [...segs].reverse().find((s) => ID.test(s));
    id = last ?? null;
  }
  if (id === null) {
    for (const key of ['story_fbid', 'fbid', 'v']) {
      const v = url.searchParams.get(key);
      if (v !== null && ID.test(v)) {
        id = v;
        break;
      }
    }
  }
  if (id === null) return null;
  const first = segs[0] ?? '';
  const handle = first !== '' && !NOT_A_PAGE.has(first.toLowerCase()) && !/^\d+$/.test(first) && segs.length > 1 ? first : null;
  const canonical = new URL(url.href);
  canonical.protocol = 'https:';
  canonical.hostname = 'www.facebook.com';
  canonical.hash = '';
  const kept = ID_KEYS.flatMap((k) => {
    const v = url.searchParams.get(k);
    return v === null ? [] : [[k, v] as const];
  });
  canonical.search = '';
  for (const [k, v] of kept) canonical.searchParams.append(k, v);
  return { id, url: canonical.href, handle };
}

function fromUrl(url: URL, kind: UrlKind): EmbedDraft | null {
  let target = url;
  if (kind === 'frame' || /\/plugins\//.test(url.pathname)) {
    // Only post and video plugins are posts; like/page/comments plugins are not.
    if (!/^\/plugins\/(?:post|video)\.php$/i.test(url.pathname)) return kind === 'frame' ? null : fromPermalink(url);
    const href = parseUrl(url.searchParams.get('href'));
    if (href === null) return null;
    target = href;
  }
  return fromPermalink(target);
}

function fromPermalink(url: URL): EmbedDraft | null {
  const post = parsePostUrl(url);
  return post === null ? null : { platform: 'facebook', id: post.id, url: post.url, handle: post.handle };
}

const isFallback = (el: Element): boolean => el.name === 'blockquote' && hasClass(el, 'fb-xfbml-parse-ignore');

function fromElement(el: Element): EmbedDraft | null {
  const quote = isFallback(el) ? el : (ownElements(el, () => false).find(isFallback) ?? null);
  const href = parseUrl(attr(el, 'data-href')) ?? parseUrl(attr(el, 'cite')) ?? (quote === null ? null : parseUrl(attr(quote, 'cite')));
  const base = href === null ? null : fromPermalink(href);
  if (base === null || quote === null) return base;
  // Fallback: [title link] <p>TEXT</p> Posted by <a href=page>NAME</a> on <a href=post>DATE</a>
  const own = ownElements(quote, () => false);
  const p = own.find((e) => e.name === 'p');
  let authorLink: Element | null = null;
  for (const a of own) {
    if (a.name !== 'a' || (p !== undefined && isInside(a, p))) continue;
    const u = parseUrl(attr(a, 'href'));
    if (u === null || !/facebook\.com$/i.test(u.hostname)) continue;
    if (parsePostUrl(u) !== null) continue; // the title or date link
    authorLink = a;
    break;
  }
  const tail = authorLink === null ? textSkipping(quote, (e) => e === p) : textAfter(quote, authorLink);
  return {
    ...base,
    author: authorLink === null ? null : cleanText(authorLink),
    text: p === undefined ? null : cleanText(p),
    publishedAt: parseFooterDate(tail),
  };
}

function isInside(node: Element, ancestor: Element): boolean {
  for (let p = node.parent; p !== null; p = p.parent) if (p === ancestor) return true;
  return false;
}

/** Text of `root` that follows `marker` in document order (the "on DATE" part of the footer). */
function textAfter(root: Element, marker: Element): string {
  const parts: string[] = [];
  let after = false;
  const visit = (node: Element): void => {
    for (const child of node.children) {
      if (child === marker) after = true;
      else if (child.type === 'text') {
        if (after) parts.push(child.data);
      } else if (child.type === 'tag') {
        visit(child);
        parts.push(' ');
      }
    }
  };
  visit(root);
  return parts.join('');
}

export const facebookModule: EmbedPlatformModule = {
  platform: 'facebook',
  classes: ['fb-post', 'fb-video', 'fb-xfbml-parse-ignore'],
  tags: ['amp-facebook'],
  fromElement,
  fromUrl,
};
