/**
 * TikTok: `blockquote.tiktok-embed[cite][data-video-id]`, `amp-tiktok[data-src]` (an id or
 * a URL; or a placeholder blockquote child, found on its own), iframes `/embed/v2/ID`,
 * `/embed/v3/ID`, `/player/v1/ID`, and bare video permalinks.
 */
import type { Element } from 'domhandler';
import type { EmbedDraft, EmbedPlatformModule } from './types.js';
import { attr, bareHost, cleanText, ownElements, parseUrl, segments } from './markup.js';

const VIDEO_ID = /^\d{8,25}$/;
const HANDLE = /^[A-Za-z0-9._-]{1,40}$/;

export function tiktokUrl(handle: string | null, id: string): string {
  return `https://www.tiktok.com/@${handle ?? ''}/video/${id}`;
}

export function parseVideoUrl(url: URL): { handle: string | null; id: string } | null {
  if (bareHost(url) !== 'tiktok.com') return null;
  const segs = segments(url);
  // /@handle/video/ID, /@handle/photo/ID
  const v = segs.findIndex((s) => s === 'video' || s === 'photo');
  if (v > 0 && VIDEO_ID.test(segs[v + 1] ?? '')) {
    const user = segs[v - 1] ?? '';
    const handle = user.startsWith('@') && HANDLE.test(user.slice(1)) ? user.slice(1) : null;
    return { handle, id: segs[v + 1] ?? '' };
  }
  // Players: /embed/ID, /embed/v2/ID, /embed/v3/ID, /player/v1/ID
  if (segs[0] === 'embed' || segs[0] === 'player') {
    const last = segs[segs.length - 1] ?? '';
    if (VIDEO_ID.test(last)) return { handle: null, id: last };
  }
  return null;
}

function draft(handle: string | null, id: string): EmbedDraft {
  return { platform: 'tiktok', id, url: tiktokUrl(handle, id), handle };
}

function fromUrl(url: URL): EmbedDraft | null {
  const v = parseVideoUrl(url);
  return v === null ? null : draft(v.handle, v.id);
}

function fromElement(el: Element): EmbedDraft | null {
  if (el.name === 'amp-tiktok') {
    const src = attr(el, 'data-src')?.trim() ?? '';
    if (VIDEO_ID.test(src)) return draft(null, src);
    const u = parseUrl(src);
    return u === null ? null : fromUrl(u);
  }
  const cite = parseUrl(attr(el, 'cite'));
  const fromCite = cite === null ? null : parseVideoUrl(cite);
  const dataId = attr(el, 'data-video-id')?.trim() ?? '';
  const id = VIDEO_ID.test(dataId) ? dataId : fromCite?.id;
  if (id === undefined) return null;
  const own = ownElements(el, () => false);
  let handle = fromCite?.handle ?? null;
  if (handle === null) {
    // The "@handle" profile link at the top of the section.
    const a = own.find((e) => e.name === 'a' && /^@/.test(attr(e, 'title') ?? ''));
    const h = a === undefined ? '' : (attr(a, 'title') ?? '').slice(1);
    handle = HANDLE.test(h) ? h : null;
  }
  // The caption is the <p> (hashtags kept); the handle link and "♬ sound" line are not text.
  const p = own.find((e) => e.name === 'p');
  return { ...draft(handle, id), text: p === undefined ? null : cleanText(p) };
}

export const tiktokModule: EmbedPlatformModule = {
  platform: 'tiktok',
  classes: ['tiktok-embed'],
  tags: ['amp-tiktok'],
  fromElement,
  fromUrl,
};
