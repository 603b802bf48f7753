/**
 * Bluesky: `blockquote.bluesky-embed[data-bluesky-uri]` (at:// URI, text, "— Name (@handle) date"),
 * iframes `embed.bsky.app/embed/{did}/app.bsky.feed.post/{rkey}`, bare `bsky.app/profile/…/post/…`.
 */
import type { Element } from 'domhandler';
import type { EmbedDraft, EmbedPlatformModule } from './types.js';
import { attr, bareHost, cleanString, ownElements, parseDashByline, parseUrl, segments, textSkipping } from './markup.js';
import { parseFooterDate } from './dates.js';
import { textOf } from '../dom.js';

const RKEY = /^[A-Za-z0-9._~:-]{3,64}$/;
const ACTOR = /^(?:did:[a-z]+:[A-Za-z0-9._:%-]+|[A-Za-z0-9.-]+\.[A-Za-z]{2,})$/;
const HANDLE = /^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

export function blueskyUrl(actor: string, rkey: string): string {
  return `https://bsky.app/profile/${actor}/post/${rkey}`;
}

/** `at://DID/app.bsky.feed.post/RKEY` → { actor, rkey }. */
export function parseAtUri(uri: string | null): { actor: string; rkey: string } | null {
  const m = /^at:\/\/([^/]+)\/app\.bsky\.feed\.post\/([^/?#]+)/.exec(uri?.trim() ?? '');
  if (m === null || m[1] === undefined || m[2] === undefined) return null;
  return ACTOR.test(m[1]) && RKEY.test(m[2]) ? { actor: m[1], rkey: m[2] } : null;
}

function fromUrl(url: URL): EmbedDraft | null {
  const host = bareHost(url);
  const segs = segments(url);
  let actor: string | undefined;
  let rkey: string | undefined;
  if (host === 'embed.bsky.app' && segs[0] === 'embed' && segs[2] === 'app.bsky.feed.post') [, actor, , rkey] = segs;
  else if (host === 'bsky.app' && segs[0] === 'profile' && segs[2] === 'post') [, actor, , rkey] = segs;
  if (actor === undefined || rkey === undefined || !ACTOR.test(actor) || !RKEY.test(rkey)) return null;
  return { platform: 'bluesky', id: rkey, url: blueskyUrl(actor, rkey) };
}

// "[image or embed]" only says the post has media; it is neither text nor a media URL.
const MEDIA_MARKER = /^\s*\[[^\]]*\]\s*$/;

function fromElement(el: Element): EmbedDraft | null {
  let post = parseAtUri(attr(el, 'data-bluesky-uri'));
  const own = ownElements(el, () => false);
  if (post === null) {
    for (const a of own) {
      const u = a.name === 'a' ? parseUrl(attr(a, 'href')) : null;
      const d = u === null ? null : fromUrl(u);
      if (d !== null && u !== null) {
        post = { actor: segments(u)[1] ?? '', rkey: d.id };
        break;
      }
    }
  }
  if (post === null) return null;
  const p = own.find((e) => e.name === 'p');
  const text = p === undefined ? null : cleanString(textSkipping(p, isMediaMarker));
  const footer = textSkipping(el, (e) => e === p);
  const byline = parseDashByline(footer, HANDLE);
  // The date link is the last link to the post itself.
  let dateText: string | null = null;
  for (const a of own) {
    if (a.name !== 'a' || (p !== undefined && isInside(a, p))) continue;
    const u = parseUrl(attr(a, 'href'));
    if (u !== null && fromUrl(u) !== null) dateText = textOf(a);
  }
  return {
    platform: 'bluesky',
    id: post.rkey,
    url: blueskyUrl(post.actor, post.rkey),
    author: byline.author,
    handle: byline.handle,
    text,
    publishedAt: parseFooterDate(dateText),
  };
}

function isInside(node: Element, ancestor: Element): boolean {
  for (let p = node.parent; p !== null; p = p.parent) if (p === ancestor) return true;
  return false;
}

const isMediaMarker = (e: Element): boolean => e.name === 'a' && MEDIA_MARKER.test(textOf(e));

export const blueskyModule: EmbedPlatformModule = {
  platform: 'bluesky',
  classes: ['bluesky-embed'],
  fromElement,
  fromUrl,
};
