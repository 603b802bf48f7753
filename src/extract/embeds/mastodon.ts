/**
 * Mastodon: `blockquote.mastodon-embed[data-embed-url]` (4.3+) and `iframe.mastodon-embed`
 * (older), on any instance: the `/@user/ID/embed` path shape is what identifies them.
 * Handle = `user@instance`.
 */
import type { Element } from 'domhandler';
import type { EmbedDraft, EmbedPlatformModule, UrlKind } from './types.js';
import { attr, firstFromLinks, parseUrl, segments } from './markup.js';

const STATUS_ID = /^\d{6,25}$/;
const USER = /^[A-Za-z0-9_.-]{1,64}(?:@[A-Za-z0-9.-]+\.[A-Za-z]{2,})?$/;

/** `https://INSTANCE/@user/ID[/embed]` or `/users/user/statuses/ID[/embed]`. */
export function parseStatusUrl(url: URL, kind: UrlKind | 'markup'): EmbedDraft | null {
  const segs = segments(url);
  let user: string | undefined;
  let id: string | undefined;
  let embedSuffix = false;
  if (segs[0]?.startsWith('@')) {
    user = segs[0].slice(1);
    id = segs[1];
    embedSuffix = segs[2] === 'embed';
    if (segs.length > 3 || (segs.length === 3 && !embedSuffix)) return null;
  } else if (segs[0] === 'users' && segs[2] === 'statuses') {
    user = segs[1];
    id = segs[3];
    embedSuffix = segs[4] === 'embed';
  }
  if (user === undefined || id === undefined || !USER.test(user) || !STATUS_ID.test(id)) return null;
  // Without the markup's class, only the /embed frame shape is specific enough to trust:
  // a bare "/@user/123" link could be any site.
  if (kind !== 'markup' && !embedSuffix) return null;
  const host = url.hostname.toLowerCase();
  const handle = user.includes('@') ? user : `${user}@${host}`;
  return { platform: 'mastodon', id, url: `https://${host}/@${user}/${id}`, handle };
}

function fromElement(el: Element): EmbedDraft | null {
  const embedUrl = parseUrl(attr(el, 'data-embed-url'));
  const d = embedUrl === null ? null : parseStatusUrl(embedUrl, 'markup');
  if (d !== null) return d;
  return firstFromLinks(el, (u) => parseStatusUrl(u, 'markup'));
}

export const mastodonModule: EmbedPlatformModule = {
  platform: 'mastodon',
  classes: ['mastodon-embed'],
  fromElement,
  fromUrl: (url, kind) => parseStatusUrl(url, kind),
};
