/**
 * YouTube: iframes `youtube.com/embed/ID` and `youtube-nocookie.com/embed/ID`, legacy
 * `<object>/<embed>` `youtube.com/v/ID`, `amp-youtube[data-videoid]`, `lite-youtube[videoid]`,
 * and bare watch/short/youtu.be links. No post text: only the video id.
 */
import type { Element } from 'domhandler';
import type { EmbedDraft, EmbedPlatformModule } from './types.js';
import { attr, bareHost, segments } from './markup.js';

const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;
const HOSTS = new Set(['youtube.com', 'youtube-nocookie.com', 'youtu.be', 'music.youtube.com']);

export function youtubeUrl(id: string): string {
  return `https://www.youtube.com/watch?v=${id}`;
}

export function parseVideoId(url: URL): string | null {
  const host = bareHost(url);
  if (!HOSTS.has(host)) return null;
  const segs = segments(url);
  let id: string | null = null;
  if (host === 'youtu.be') id = segs[0] ?? null;
  else if (segs[0] === 'watch') id = url.searchParams.get('v');
  else if (segs[0] === 'embed' || segs[0] === 'v' || segs[0] === 'shorts' || segs[0] === 'live' || segs[0] === 'e') {
    id = segs[1] ?? null;
    // Legacy Flash URLs glue options to the id with "&" (/v/ID&hl=en).
    if (id !== null) id = id.split(/[&;]/)[0] ?? null;
  }
  // "videoseries" happens to be 11 characters long: it is a playlist, not a video.
  return id !== null && VIDEO_ID.test(id) && id !== 'videoseries' ? id : null;
}

function draft(id: string): EmbedDraft {
  return { platform: 'youtube', id, url: youtubeUrl(id) };
}

function fromUrl(url: URL): EmbedDraft | null {
  const id = parseVideoId(url);
  return id === null ? null : draft(id);
}

function fromElement(el: Element): EmbedDraft | null {
  const id = (attr(el, 'data-videoid') ?? attr(el, 'videoid') ?? attr(el, 'video-id') ?? '').trim();
  return VIDEO_ID.test(id) ? draft(id) : null;
}

export const youtubeModule: EmbedPlatformModule = {
  platform: 'youtube',
  tags: ['amp-youtube', 'lite-youtube', 'youtube-video'],
  fromElement,
  fromUrl,
};
