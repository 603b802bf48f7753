/**
 * Reddit: `blockquote.reddit-embed-bq` (title, "by u/NAME in SUB"), old `blockquote.reddit-card`,
 * `amp-reddit[data-src]`, iframes on `redditmedia.com` / `embed.reddit.com`, bare post links.
 * Text = the post title.
 */
import type { Element } from 'domhandler';
import type { EmbedDraft, EmbedPlatformModule } from './types.js';
import { attr, cleanText, ownElements, parseUrl, segments } from './markup.js';

const POST_ID = /^[a-z0-9]{4,12}$/i;
const SUB = /^[A-Za-z0-9_]{2,30}$/;
const USER = /^[A-Za-z0-9_-]{2,30}$/;
const HOSTS = /(?:^|\.)(?:reddit\.com|redditmedia\.com)$/i;

export function parsePostUrl(url: URL): EmbedDraft | null {
  if (!HOSTS.test(url.hostname)) return null;
  const segs = segments(url);
  const c = segs.indexOf('comments');
  if (c < 0) return null;
  const id = segs[c + 1] ?? '';
  if (!POST_ID.test(id)) return null;
  const sub = segs[c - 2] === 'r' ? (segs[c - 1] ?? '') : '';
  const slug = segs[c + 2];
  const base = SUB.test(sub) ? `https://www.reddit.com/r/${sub}/comments/${id}/` : `https://www.reddit.com/comments/${id}/`;
  return { platform: 'reddit', id: id.toLowerCase(), url: slug === undefined ? base : `${base}${slug}/` };
}

function fromElement(el: Element): EmbedDraft | null {
  if (el.name === 'amp-reddit') {
    const u = parseUrl(attr(el, 'data-src'));
    return u === null ? null : parsePostUrl(u);
  }
  let post: EmbedDraft | null = null;
  let title: Element | null = null;
  let handle: string | null = null;
  for (const a of ownElements(el, () => false)) {
    if (a.name !== 'a') continue;
    const u = parseUrl(attr(a, 'href'));
    if (u === null) continue;
    if (post === null) {
      post = parsePostUrl(u);
      if (post !== null) title = a;
    }
    const segs = segments(u);
    if (handle === null && (segs[0] === 'user' || segs[0] === 'u') && USER.test(segs[1] ?? '')) handle = segs[1] ?? null;
  }
  if (post === null) return null;
  return { ...post, handle, text: cleanText(title) };
}

export const redditModule: EmbedPlatformModule = {
  platform: 'reddit',
  classes: ['reddit-embed-bq', 'reddit-card'],
  tags: ['amp-reddit'],
  fromElement,
  fromUrl: parsePostUrl,
};
