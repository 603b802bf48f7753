/**
 * Threads: `blockquote.text-post-media[data-text-post-permalink]` (no text or author in the
 * static markup: the handle comes from the permalink), iframes `threads.com/@u/post/CODE/embed`,
 * bare permalinks. threads.net is folded into www.threads.com.
 */
import type { Element } from 'domhandler';
import type { EmbedDraft, EmbedPlatformModule } from './types.js';
import { attr, bareHost, firstFromLinks, parseUrl, segments } from './markup.js';

const CODE = /^[A-Za-z0-9_-]{5,40}$/;
const HANDLE = /^[A-Za-z0-9._]{1,30}$/;

export function parsePostUrl(url: URL): EmbedDraft | null {
  const host = bareHost(url);
  if (host !== 'threads.net' && host !== 'threads.com') return null;
  const segs = segments(url);
  if (segs[0] === 't' && CODE.test(segs[1] ?? '')) {
    const code = segs[1] ?? '';
    return { platform: 'threads', id: code, url: `https://www.threads.com/t/${code}`, handle: null };
  }
  const user = segs[0] ?? '';
  const code = segs[2] ?? '';
  if (!user.startsWith('@') || segs[1] !== 'post' || !CODE.test(code)) return null;
  const handle = user.slice(1);
  if (!HANDLE.test(handle)) return null;
  return { platform: 'threads', id: code, url: `https://www.threads.com/@${handle}/post/${code}`, handle };
}

function fromElement(el: Element): EmbedDraft | null {
  const u = parseUrl(attr(el, 'data-text-post-permalink'));
  const fromAttr = u === null ? null : parsePostUrl(u);
  if (fromAttr !== null) return fromAttr;
  return firstFromLinks(el, parsePostUrl);
}

export const threadsModule: EmbedPlatformModule = {
  platform: 'threads',
  classes: ['text-post-media'],
  fromElement,
  fromUrl: parsePostUrl,
};
