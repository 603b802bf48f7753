/**
 * X / Twitter: `blockquote.twitter-tweet` (official code, also nested for quote posts),
 * `amp-twitter[data-tweetid]`, the rendered `platform.twitter.com/embed/Tweet.html?id=`
 * iframe, and bare status permalinks.
 */
import type { Element } from 'domhandler';
import type { EmbedDraft, EmbedPlatformModule, UrlKind } from './types.js';
import { attr, bareHost, cleanString, cleanText, hasClass, ownElements, parseDashByline, parseUrl, segments, textSkipping } from './markup.js';
import { parseFooterDate } from './dates.js';
import { textOf } from '../dom.js';

const STATUS_HOSTS = new Set(['twitter.com', 'x.com']);
const HANDLE = /^[A-Za-z0-9_]{1,20}$/;
const STATUS_ID = /^\d{5,25}$/;
// Paths under which a "status" segment belongs to no user.
const NO_USER = new Set(['i', 'web', 'intent', 'share', 'hashtag', 'search', 'home']);

export function xUrl(handle: string | null, id: string): string {
  return `https://x.com/${handle ?? 'i'}/status/${id}`;
}

/** Status permalink → { handle, id }; hash-bang (`/#!/user/status/ID`) too. */
export function parseStatusUrl(url: URL): { handle: string | null; id: string } | null {
  if (!STATUS_HOSTS.has(bareHost(url))) return null;
  let segs = segments(url);
  if (segs.length === 0 && url.hash.startsWith('#!/')) segs = url.hash.slice(3).split('/').filter((s) => s !== '');
  for (let i = 0; i + 1 < segs.length; i += 1) {
    const seg = segs[i];
    const next = segs[i + 1];
    if ((seg === 'status' || seg === 'statuses') && next !== undefined && STATUS_ID.test(next)) {
      const user = i > 0 ? segs[i - 1] : undefined;
      const handle = user !== undefined && HANDLE.test(user) && !NO_USER.has(user.toLowerCase()) ? user : null;
      return { handle, id: next };
    }
  }
  return null;
}

function fromUrl(url: URL, kind: UrlKind): EmbedDraft | null {
  const host = url.hostname.toLowerCase();
  if (kind === 'frame' && host === 'platform.twitter.com') {
    // The rendered widget: /embed/Tweet.html?id=ID (also /embed/index.html). Settings and
    // widget_iframe frames carry no id and are ignored.
    if (!/^\/embed\//i.test(url.pathname)) return null;
    const id = url.searchParams.get('id');
    return id !== null && STATUS_ID.test(id) ? { platform: 'x', id, url: xUrl(null, id) } : null;
  }
  const status = parseStatusUrl(url);
  if (status === null) return null;
  return { platform: 'x', id: status.id, url: xUrl(status.handle, status.id), handle: status.handle };
}

const isNestedTweet = (el: Element): boolean => el.name === 'blockquote' && hasClass(el, 'twitter-tweet');

function fromElement(el: Element): EmbedDraft | null {
  if (el.name === 'amp-twitter') {
    const id = attr(el, 'data-tweetid');
    return id !== null && STATUS_ID.test(id.trim()) ? { platform: 'x', id: id.trim(), url: xUrl(null, id.trim()) } : null;
  }
  const own = ownElements(el, isNestedTweet);
  if (el.name !== 'blockquote') {
    // div.twitter-tweet-rendered: the iframe inside says which post it is.
    for (const child of own) {
      const id = child.name === 'iframe' ? attr(child, 'data-tweet-id') : null;
      if (id !== null && STATUS_ID.test(id)) return { platform: 'x', id, url: xUrl(null, id) };
    }
  }
  // The footer link is the last status link of this post (the text may link other posts).
  let permalink: Element | null = null;
  let status: { handle: string | null; id: string } | null = null;
  for (const child of own) {
    if (child.name !== 'a') continue;
    const u = parseUrl(attr(child, 'href'));
    const s = u === null ? null : parseStatusUrl(u);
    if (s !== null) {
      permalink = child;
      status = s;
    }
  }
  if (status === null) {
    const id = attr(el, 'data-tweet-id');
    if (id === null || !STATUS_ID.test(id)) return null;
    status = { handle: null, id };
  }
  // Text: the first <p> that is not the "— Name (@handle) date" footer (wpautop splits it off).
  const textP = own.find((e) => e.name === 'p' && isPostText(textOf(e))) ?? null;
  const footer = textSkipping(el, (e) => e === textP || isNestedTweet(e));
  const byline = parseDashByline(footer, HANDLE);
  const handle = byline.handle ?? status.handle;
  const { text, media } = splitMedia(textP === null ? null : cleanText(textP));
  return {
    platform: 'x',
    id: status.id,
    url: xUrl(handle, status.id),
    author: byline.author,
    handle,
    text,
    publishedAt: permalink === null ? null : parseFooterDate(textOf(permalink)),
    media,
  };
}

/** Not empty (wpautop wraps the widget script in a <p>) and not the footer. */
function isPostText(s: string): boolean {
  if (s.trim() === '') return false;
  return !(/^\s*[\u2014\u2013\u2015-]/.test(s) && s.includes('(@'));
}

// A trailing attached-media link ("pic.twitter.com/CODE") is media, not text.
const TRAILING_PIC = /\s*(?:https?:\/\/)?(pic\.(?:twitter|x)\.com)\/([A-Za-z0-9]+)\s*$/;

export function splitMedia(text: string | null): { text: string | null; media: string[] } {
  if (text === null) return { text: null, media: [] };
  const media: string[] = [];
  let rest = text;
  for (let m = TRAILING_PIC.exec(rest); m !== null; m = TRAILING_PIC.exec(rest)) {
    media.unshift(`https://${m[1] ?? 'pic.twitter.com'}/${m[2] ?? ''}`);
    rest = rest.slice(0, m.index);
  }
  return { text: cleanString(rest), media };
}

export const xModule: EmbedPlatformModule = {
  platform: 'x',
  classes: ['twitter-tweet', 'twitter-video'],
  tags: ['amp-twitter'],
  fromElement,
  fromUrl,
};
