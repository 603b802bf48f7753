/** Spotify: iframes `open.spotify.com/embed/{type}/{id}` (also `embed-podcast`), bare links. */
import type { EmbedDraft, EmbedPlatformModule } from './types.js';
import { segments } from './markup.js';

const TYPES = new Set(['track', 'episode', 'show', 'album', 'playlist', 'artist']);
const ID = /^[A-Za-z0-9]{22}$/;

function fromUrl(url: URL): EmbedDraft | null {
  if (url.hostname.toLowerCase() !== 'open.spotify.com') return null;
  // Drop /embed, /embed-podcast and a locale prefix (/intl-de) before {type}/{id}.
  const segs = segments(url).filter((s) => !/^(?:embed|embed-podcast|intl-[a-z-]+)$/i.test(s));
  const type = segs[0]?.toLowerCase() ?? '';
  const id = segs[1] ?? '';
  if (!TYPES.has(type) || !ID.test(id)) return null;
  return { platform: 'spotify', id, url: `https://open.spotify.com/${type}/${id}` };
}

export const spotifyModule: EmbedPlatformModule = {
  platform: 'spotify',
  fromUrl,
};
