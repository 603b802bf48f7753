/** The fetcher's public types (re-exported by ./index.ts). */

export interface FetchOptions {
  /** ETag from the previous fetch: sent as If-None-Match. */
  etag?: string | null;
  /** Last-Modified from the previous fetch: sent as If-Modified-Since. */
  lastModified?: string | null;
  /** Aborting rejects the fetch with the signal's reason. */
  signal?: AbortSignal;
  /**
   * What the caller accepts. 'html' (default): HTML/XHTML only, decoded to `html`.
   * 'document': also XML (RSS, Atom, sitemaps), plain text (URL lists) and gzip files
   * (`sitemap.xml.gz`); the bytes are returned undecoded in `body` (the caller knows
   * the format's own charset rules) and `html` is null. Same guard, robots, politeness and caps.
   */
  accept?: 'html' | 'document';
}

export interface FetchResult {
  /** The URL as requested. */
  url: string;
  /** After redirects (fragment dropped). */
  finalUrl: string;
  status: number;
  /** True on 304: `html` is null, keep the stored copy. */
  notModified: boolean;
  /** Decoded once; null when notModified (and with accept: 'document'). */
  html: string | null;
  /** accept: 'document' only: the body bytes after Content-Encoding is undone. */
  body?: Buffer;
  contentType: string | null;
  /** WHATWG encoding name used to decode ("UTF-8", "windows-1252", "Shift_JIS" ...); '' when notModified. */
  charset: string;
  /** Body bytes received on the wire (compressed). */
  bytes: number;
  /** Every URL redirected to, in order (the last one is finalUrl). */
  redirects: string[];
  etag: string | null;
  lastModified: string | null;
  /** ISO 8601, when the fetch started. */
  fetchedAt: string;
  timings: {
    /** Whole fetch: robots.txt, politeness waits, redirects, body, decoding. */
    totalMs: number;
    /** Final hop: request sent → response headers. */
    headersMs: number;
    /** Final hop: reading, decompressing and decoding the body. */
    bodyMs: number;
  };
}

export interface Fetcher {
  /** Fetches one HTML page; failures reject with a GleanerError carrying a DESIGN.md §1b code. */
  fetch(url: string, options?: FetchOptions): Promise<FetchResult>;
  /** Closes the connection pool (waits for requests in flight). */
  close(): Promise<void>;
}
