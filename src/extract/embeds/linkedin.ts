/**
 * LinkedIn: iframes `linkedin.com/embed/feed/update/urn:li:{share|ugcPost|activity}:ID` and
 * bare `linkedin.com/feed/update/urn:li:…` links → `https://www.linkedin.com/feed/update/urn:li:{kind}:ID/`.
 */
import type { EmbedDraft, EmbedPlatformModule } from './types.js';
import { bareHost } from './markup.js';

const URN = /\/feed\/update\/urn:li:(share|ugcPost|activity):(\d{6,25})/i;
const KIND_CASE: Record<string, string> = { share: 'share', ugcpost: 'ugcPost', activity: 'activity' };

function fromUrl(url: URL): EmbedDraft | null {
  if (bareHost(url) !== 'linkedin.com') return null;
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the raw path
  }
  const m = URN.exec(path);
  if (m === null || m[1] === undefined || m[2] === undefined) return null;
  const kind = KIND_CASE[m[1].toLowerCase()] ?? m[1];
  return { platform: 'linkedin', id: m[2], url: `https://www.linkedin.com/feed/update/urn:li:${kind}:${m[2]}/` };
}

export const linkedinModule: EmbedPlatformModule = {
  platform: 'linkedin',
  fromUrl,
};
