/**
 * The URL of the image a caption describes: lazy-loading attributes before a placeholder
 * `src`, `<img src>` before `<source srcset>`, `amp-img src`; absolute, or null.
 */
import type { Element } from 'domhandler';
import { resolveUrl } from '../../url.js';

/** Attributes lazy loaders keep the real URL in, most specific first. */
const LAZY_ATTRS = [
  'data-src', 'data-lazy-src', 'data-original', 'data-lazy', 'data-url', 'data-full-src', 'data-hi-res-src',
  'data-original-src', 'data-img-src', 'data-image', 'data-echo',
];
const LAZY_SRCSET_ATTRS = ['data-srcset', 'data-lazy-srcset', 'data-original-set'];

/** File names of placeholders swapped out by lazy loaders ("blank.gif", "placeholder-300x169.png"). */
const PLACEHOLDER_NAME = /(?:placeholder|blank|spacer|pixel|transparent|lazy|loading|loader|1x1|dummy|empty|grey|gray)[^/]*$/i;
const PLACEHOLDER_EXT = /\.(?:gif|png|svg)(?:$|[?#])/i;

export const IMAGE_TAGS = new Set(['img', 'amp-img', 'amp-anim']);
export const IMAGE_FILE = /\.(?:jpe?g|png|gif|webp|avif)(?:$|[?#])/i;
/** Attributes a lazy loader reads on a `<div>` that becomes an image (BBC's `js-delayed-image-load`). */
const BOX_ATTRS = ['data-src', 'data-original', 'data-lazy-src', 'data-bg', 'data-background-image'];

/** A non-img element standing in for an image until a script swaps it. */
export function isLazyImageBox(el: Element): boolean {
  if (IMAGE_TAGS.has(el.name) || el.name === 'iframe' || el.name === 'script' || el.name === 'source') return false;
  return boxUrl(el) !== undefined;
}

/** URL of such a stand-in, resolved, or null. */
export function lazyBoxUrlOf(el: Element, base: string): string | null {
  return usable(boxUrl(el), base);
}

function boxUrl(el: Element): string | undefined {
  const a = el.attribs;
  for (const name of BOX_ATTRS) {
    const v = a[name];
    if (v !== undefined && IMAGE_FILE.test(v)) return v;
  }
  return undefined;
}

/** URL of one `img`/`amp-img`, or null when it only has a placeholder. */
export function imageUrlOf(el: Element, base: string): string | null {
  const a = el.attribs;
  if (isTinyImage(a)) return null;
  for (const name of LAZY_ATTRS) {
    const url = usable(a[name], base);
    if (url !== null) return url;
  }
  const src = a['src'];
  if (src !== undefined && !isPlaceholder(src)) {
    const url = usable(src, base);
    if (url !== null) return url;
  }
  return srcsetUrlOf(el, base);
}

/** URL from a `<source>` in a `<picture>`: the fallback when its `<img>` gives none. */
export function sourceUrlOf(el: Element, base: string): string | null {
  return srcsetUrlOf(el, base);
}

/** The pick of `srcset` (or a lazy srcset attribute), resolved. */
function srcsetUrlOf(el: Element, base: string): string | null {
  const a = el.attribs;
  for (const name of ['srcset', ...LAZY_SRCSET_ATTRS]) {
    const srcset = a[name];
    if (srcset === undefined) continue;
    const url = usable(pickFromSrcset(srcset), base);
    if (url !== null) return url;
  }
  return null;
}

export function isPlaceholder(src: string): boolean {
  const s = src.trim();
  if (s === '' || /^(?:data|about|javascript|blob):/i.test(s)) return true;
  const path = s.split(/[?#]/, 1)[0] ?? '';
  return PLACEHOLDER_NAME.test(path) && (PLACEHOLDER_EXT.test(path) || /placeholder|blank|spacer|1x1/i.test(path));
}

/** The largest candidate of a srcset ("a.jpg 640w, b.jpg 1280w" → b.jpg). */
export function pickFromSrcset(srcset: string): string | null {
  let best: string | null = null;
  let bestSize = -1;
  for (const part of srcset.split(/,\s+/)) {
    const [url, descriptor] = part.trim().split(/\s+/, 2);
    if (url === undefined || url === '') continue;
    const size = descriptor === undefined ? 0 : Number.parseFloat(descriptor) || 0;
    if (size > bestSize) {
      best = url;
      bestSize = size;
    }
  }
  return best;
}

/** A key under which two URLs of one picture compare equal (query and size suffix ignored). */
export function imageKey(url: string): string {
  const path = url.split(/[?#]/, 1)[0] ?? url;
  if (!/\.(?:jpe?g|png|gif|webp|avif)$/i.test(path)) return url;
  return path.replace(/[-_.]\d{2,4}x\d{2,4}(?=\.\w+$)/, '').toLowerCase();
}

function usable(raw: string | null | undefined, base: string): string | null {
  if (raw == null) return null;
  const s = raw.trim();
  if (s === '' || isPlaceholder(s)) return null;
  return resolveUrl(s, base);
}

/** Tracking pixels and spacers: width or height of 1–2 px. */
function isTinyImage(a: Record<string, string>): boolean {
  const w = a['width'];
  const h = a['height'];
  return (w !== undefined && /^[0-2](?:px)?$/.test(w.trim())) || (h !== undefined && /^[0-2](?:px)?$/.test(h.trim()));
}
