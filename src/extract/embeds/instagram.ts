/**
 * Instagram: `blockquote.instagram-media` (v6–v12 with caption, author and <time>;
 * v14 placeholder with only "A post shared by NAME (@handle)"), `amp-instagram[data-shortcode]`,
 * iframes `instagram.com/p/CODE/embed[/captioned]/`, bare post permalinks.
 */
import type { Element } from 'domhandler';
import type { EmbedDraft, EmbedPlatformModule } from './types.js';
import { attr, bareHost, cleanString, cleanText, ownElements, parseUrl, segments } from './markup.js';
import { textOf } from '../dom.js';
import { parseFooterDate } from './dates.js';

const KINDS = new Set(['p', 'reel', 'reels', 'tv']);
const CODE = /^[A-Za-z0-9_-]{5,40}$/;
const HANDLE = /^[A-Za-z0-9._]{1,30}$/;

export function parsePostUrl(url: URL): { kind: string; code: string } | null {
  const host = bareHost(url);
  if (host !== 'instagram.com' && host !== 'instagr.am') return null;
  const segs = segments(url);
  // The kind is the first or (with a username path, /name/p/CODE/) the second segment.
  for (let i = 0; i < Math.min(2, segs.length - 1); i += 1) {
    const kind = segs[i]?.toLowerCase();
    const code = segs[i + 1];
    if (kind !== undefined && KINDS.has(kind) && code !== undefined && CODE.test(code)) {
      return { kind: kind === 'reels' ? 'reel' : kind, code };
    }
  }
  return null;
}

const postUrl = (kind: string, code: string): string => `https://www.instagram.com/${kind}/${code}/`;

function fromUrl(url: URL): EmbedDraft | null {
  const post = parsePostUrl(url);
  return post === null ? null : { platform: 'instagram', id: post.code, url: postUrl(post.kind, post.code) };
}

// "A post shared by NAME (@handle)" in the embedder's locale: the connector word before NAME.
const SHARED_BY = /^.*?\b(?:by|von|de|par|da|di|door|por|av|af|przez|od|от|tarafından)\s+(.+)$/iu;
const VIEW_ON = /^view this (?:post|photo|video|reel) on instagram$/i;

function fromElement(el: Element): EmbedDraft | null {
  if (el.name === 'amp-instagram') {
    const code = attr(el, 'data-shortcode')?.trim() ?? '';
    return CODE.test(code) ? { platform: 'instagram', id: code, url: postUrl('p', code) } : null;
  }
  const own = ownElements(el, () => false);
  let post = (() => {
    const u = parseUrl(attr(el, 'data-instgrm-permalink'));
    return u === null ? null : parsePostUrl(u);
  })();
  // Older code has no data-instgrm-permalink: the first link to a post says which.
  for (const a of own) {
    if (post !== null) break;
    if (a.name !== 'a') continue;
    const u = parseUrl(attr(a, 'href'));
    post = u === null ? null : parsePostUrl(u);
  }
  if (post === null) return null;
  // Without the permalink attribute only the official blockquote is trusted to be one post.
  if (el.name !== 'blockquote' && attr(el, 'data-instgrm-permalink') === null) return null;

  // The byline is the last <p> with "(@handle)"; a caption (v12 and older) is a <p> before it.
  const paragraphs = own.filter((e) => e.name === 'p');
  let bylineP: Element | null = null;
  let bylineMatch: RegExpExecArray | null = null;
  for (const p of paragraphs) {
    const m = /\(@([A-Za-z0-9._]{1,30})\)/.exec(textOf(p));
    if (m !== null) {
      bylineP = p;
      bylineMatch = m;
    }
  }
  let author: string | null = null;
  let handle: string | null = null;
  let publishedAt: string | null = null;
  if (bylineP !== null && bylineMatch !== null) {
    const h = bylineMatch[1] ?? '';
    handle = HANDLE.test(h) ? h : null;
    author = authorOf(bylineP, textOf(bylineP).slice(0, bylineMatch.index));
    const time = ownElements(bylineP, () => false).find((e) => e.name === 'time');
    publishedAt = time === undefined ? null : cleanString(attr(time, 'datetime') ?? textOf(time));
    // Some copies drop the <time> element and keep "on Apr 27, 2020 at 9:24am PDT" as text.
    if (publishedAt === null) publishedAt = parseFooterDate(textOf(bylineP).slice(bylineMatch.index));
  }
  let text: string | null = null;
  for (const p of paragraphs) {
    if (p === bylineP) break;
    const t = cleanText(p);
    if (t !== null && !VIEW_ON.test(t)) {
      text = t;
      break;
    }
  }
  return { platform: 'instagram', id: post.code, url: postUrl(post.kind, post.code), author, handle, text, publishedAt };
}

/** v12 links the name to the profile; v14 writes "A post shared by NAME" as one link text. */
function authorOf(p: Element, before: string): string | null {
  for (const a of ownElements(p, () => false)) {
    if (a.name !== 'a') continue;
    const u = parseUrl(attr(a, 'href'));
    if (u !== null && parsePostUrl(u) === null && bareHost(u) === 'instagram.com') return cleanText(a);
  }
  const cleaned = cleanString(before);
  if (cleaned === null) return null;
  const m = SHARED_BY.exec(cleaned);
  return cleanString(m?.[1] ?? null);
}

export const instagramModule: EmbedPlatformModule = {
  platform: 'instagram',
  classes: ['instagram-media'],
  tags: ['amp-instagram'],
  fromElement,
  fromUrl,
};
