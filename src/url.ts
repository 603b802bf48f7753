/** URL parsing and canonicalization shared by extraction, the queue and the store. */
import { createHash } from 'node:crypto';

/** Query parameters that only track where a click came from. */
const TRACKING_PARAM = /^(?:utm_[a-z0-9_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|igsh|yclid|_hsenc|_hsmi|mkt_tok|oly_anon_id|oly_enc_id|vero_id|wickedid|rb_clickid|s_cid|ref_src|ref_url|cmpid|ocid|sr_share|__twitter_impression)$/i;

export const MAX_URL_LENGTH = 2048;

/** Parses an absolute http(s) URL, or returns null. */
export function parseHttpUrl(input: string, base?: string): URL | null {
  const trimmed = input.trim();
  if (trimmed === '') return null;
  let url: URL;
  try {
    url = base === undefined ? new URL(trimmed) : new URL(trimmed, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.hostname === '') return null;
  return url;
}

/** Resolves a possibly relative URL against a base; null when it is not http(s). */
export function resolveUrl(input: string | null | undefined, base: string): string | null {
  if (input == null) return null;
  const url = parseHttpUrl(input, base);
  return url === null ? null : url.href;
}

/**
 * Canonical form used for ids and dedup: lower-case host (URL does it), no
 * fragment, no tracking parameters, default port dropped, remaining query kept in order.
 */
export function canonicalizeUrl(input: string): string {
  const url = parseHttpUrl(input);
  if (url === null) return input.trim();
  url.hash = '';
  if (url.search !== '') {
    const kept = [...url.searchParams].filter(([key]) => !TRACKING_PARAM.test(key));
    url.search = '';
    for (const [key, value] of kept) url.searchParams.append(key, value);
  }
  return url.href;
}

/** Stable record id: the first 128 bits of SHA-256 of the canonical URL, as hex. */
export function recordIdFor(canonicalUrl: string): string {
  return createHash('sha256').update(canonicalUrl).digest('hex').slice(0, 32);
}

/** Registrable-ish site of a host: the last two labels (three for short second-level ones like co.nz). */
export function siteOf(hostname: string): string {
  const labels = hostname.toLowerCase().replace(/^www\d?\./, '').split('.');
  if (labels.length <= 2) return labels.join('.');
  const second = labels[labels.length - 2] ?? '';
  const take = second.length <= 3 && /^(?:co|com|net|org|gov|edu|ac|or|ne|go)$/.test(second) ? 3 : 2;
  return labels.slice(-take).join('.');
}
