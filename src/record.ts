/** The article record, `gleaner.article/1` (DESIGN.md §1). Field names are a contract. */
import type { ErrorInfo } from './errors.js';

export const RECORD_SCHEMA = 'gleaner.article/1' as const;

export const EMBED_PLATFORMS = [
  'x', 'instagram', 'tiktok', 'facebook', 'youtube', 'bluesky', 'threads',
  'mastodon', 'reddit', 'vimeo', 'spotify', 'linkedin', 'other',
] as const;
export type EmbedPlatform = (typeof EMBED_PLATFORMS)[number];

export interface Caption {
  text: string;
  credit: string | null;
  imageUrl: string | null;
}

export interface Embed {
  platform: EmbedPlatform;
  url: string;
  id: string;
  author: string | null;
  handle: string | null;
  text: string | null;
  publishedAt: string | null;
  media: string[];
}

export interface ArticleRecord {
  schema: typeof RECORD_SCHEMA;
  id: string;
  url: string;
  finalUrl: string | null;
  canonicalUrl: string;
  fetchedAt: string | null;
  isArticle: boolean;
  title: string | null;
  description: string | null;
  siteName: string | null;
  byline: string[];
  publishedAt: string | null;
  modifiedAt: string | null;
  lang: string | null;
  paragraphs: string[];
  text: string;
  captions: Caption[];
  embeds: Embed[];
  contentHash: string;
  fingerprint: string;
  /** Present only when this URL failed. */
  error?: ErrorInfo;
  /** Added by the store: id of the stored article this one near-duplicates. */
  duplicateOf?: string | null;
  /** Added by the fetch stage: validators for conditional re-fetch. */
  etag?: string | null;
  lastModified?: string | null;
}
