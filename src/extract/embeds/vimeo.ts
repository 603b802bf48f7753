/**
 * Vimeo: iframes `player.vimeo.com/video/ID?h=HASH` (the hash is only an access key: the id
 * is what identifies the video), `amp-vimeo[data-videoid]`, bare `vimeo.com/ID` links.
 */
import type { Element } from 'domhandler';
import type { EmbedDraft, EmbedPlatformModule } from './types.js';
import { attr, bareHost, segments } from './markup.js';

const VIDEO_ID = /^\d{4,12}$/;

const draft = (id: string): EmbedDraft => ({ platform: 'vimeo', id, url: `https://vimeo.com/${id}` });

function fromUrl(url: URL): EmbedDraft | null {
  const host = bareHost(url);
  const segs = segments(url);
  if (host === 'player.vimeo.com') return segs[0] === 'video' && VIDEO_ID.test(segs[1] ?? '') ? draft(segs[1] ?? '') : null;
  if (host !== 'vimeo.com') return null;
  // vimeo.com/ID, vimeo.com/channels/NAME/ID, vimeo.com/groups/NAME/videos/ID
  const last = segs[segs.length - 1] ?? '';
  const id = VIDEO_ID.test(last) ? last : VIDEO_ID.test(segs[0] ?? '') ? segs[0] : undefined;
  return id === undefined ? null : draft(id);
}

function fromElement(el: Element): EmbedDraft | null {
  const id = (attr(el, 'data-videoid') ?? '').trim();
  return VIDEO_ID.test(id) ? draft(id) : null;
}

export const vimeoModule: EmbedPlatformModule = {
  platform: 'vimeo',
  tags: ['amp-vimeo'],
  fromElement,
  fromUrl,
};
