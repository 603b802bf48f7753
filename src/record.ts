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

/**
 * The record for a URL that failed: every content field empty, `error` set, so a
 * consumer reading NDJSON gets one line per input and loses nothing silently.
 */
export function errorRecord(
  url: string,
  error: ErrorInfo,
  ids: { id: string; canonicalUrl: string },
  options: { finalUrl?: string | null; fetchedAt?: string | null } = {},
): ArticleRecord {
  return {
    schema: RECORD_SCHEMA,
    id: ids.id,
    url,
    finalUrl: options.finalUrl ?? null,
    canonicalUrl: ids.canonicalUrl,
    fetchedAt: options.fetchedAt ?? null,
    isArticle: false,
    title: null,
    description: null,
    siteName: null,
    byline: [],
    publishedAt: null,
    modifiedAt: null,
    lang: null,
    paragraphs: [],
    text: '',
    captions: [],
    embeds: [],
    contentHash: EMPTY_CONTENT_HASH,
    fingerprint: '0000000000000000',
    error,
  };
}

/** sha256 of the empty string, the contentHash of a record without text. */
export const EMPTY_CONTENT_HASH = 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
