/** Shared shapes of the embed extractor: what a platform module returns and receives. */
import type { Element } from 'domhandler';
import type { EmbedPlatform } from '../../record.js';

/** One sighting of an embed; copies with the same (platform, id) are merged later. */
export interface EmbedDraft {
  platform: EmbedPlatform;
  id: string;
  url: string;
  author?: string | null;
  handle?: string | null;
  text?: string | null;
  publishedAt?: string | null;
  media?: string[];
}

/**
 * Where a URL was seen: `frame` = an iframe/embed/object src (player or widget URL),
 * `link` = a permalink (bare URL in a WordPress wrapper, `data-href`, AMP `data-src`).
 */
export type UrlKind = 'frame' | 'link';

export interface ParseContext {
  pageUrl: string;
}

export interface EmbedPlatformModule {
  readonly platform: EmbedPlatform;
  /** Class tokens of the platform's official markup (`twitter-tweet`, `instagram-media`). */
  readonly classes?: readonly string[];
  /** Element names it owns (`amp-twitter`, `lite-youtube`). */
  readonly tags?: readonly string[];
  /** Parses an element claimed by class or tag name (never an iframe: those go through `fromUrl`). */
  fromElement?(el: Element, ctx: ParseContext): EmbedDraft | null;
  /** Parses a frame src or permalink; null when the URL is not a post of this platform. */
  fromUrl?(url: URL, kind: UrlKind): EmbedDraft | null;
}
