/**
 * One run of one source: fetch its document through the fetch stage (address guard,
 * robots.txt, politeness — the same as articles), parse it, and enqueue the URLs
 * that are new or changed since the last run. A child sitemap that fails is logged
 * and skipped; the run fails (with the code) only when the source's own document does.
 */
import { open } from 'node:fs/promises';
import { GleanerError, toGleanerError, type ErrorInfo } from '../errors.js';
import type { Fetcher } from '../fetch/index.js';
import type { Logger } from '../log.js';
import { decodeXml, gunzipIfNeeded, parseFeed, parseSitemap, parseUrlList, type Candidate } from './parse.js';
import type { Source } from './schema.js';
import type { Claim, SeenMemory } from './seen.js';

export interface EnqueueFn {
  (urls: string[], options: { force?: boolean; priority?: number }): Promise<Array<{ url: string; jobId: string; status: 'queued' | 'duplicate' }>>;
}

export interface DiscoverDeps {
  fetcher: Fetcher;
  seen: SeenMemory;
  enqueue: EnqueueFn;
  /** Cap on a document (after gunzip) and on a URL-list file; use config.maxBytes. */
  maxBytes: number;
  logger?: Logger;
  /** Child sitemaps of an index fetched per run (the rest next run). Default 100. */
  maxChildSitemaps?: number;
  signal?: AbortSignal;
}

export interface DiscoverReport {
  sourceId: string;
  kind: Source['kind'];
  /** URLs found in the document(s). */
  found: number;
  /** Handed to the ingest queue: new ones, and changed ones re-ingested with force. */
  enqueued: number;
  changed: number;
  /** Enqueued, but the queue already held a job for the URL (e.g. posted through the API). */
  duplicates: number;
  /** Lines or entries that are no usable URL. */
  invalid: number;
  /** Child sitemaps fetched / skipped as unchanged / failed. */
  sitemaps?: { fetched: number; unchanged: number; failed: ErrorInfo[] };
}

async function fetchDocument(url: string, deps: DiscoverDeps): Promise<{ bytes: Buffer; finalUrl: string }> {
  const result = await deps.fetcher.fetch(url, { accept: 'document', ...(deps.signal ? { signal: deps.signal } : {}) });
  if (result.body === undefined) throw new GleanerError('INTERNAL', `fetcher returned no body for ${url}`);
  return { bytes: gunzipIfNeeded(result.body, deps.maxBytes), finalUrl: result.finalUrl };
}

async function readListFile(path: string, maxBytes: number): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE';
    throw new GleanerError(code, `cannot read URL list ${path}: ${(err as Error).message}`);
  }
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw new GleanerError('BODY_TOO_LARGE', `URL list ${path} is ${size} bytes, over the ${maxBytes} byte cap`);
    return (await handle.readFile()).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Claims, then enqueues: new URLs plainly, changed ones with force (their old job may still be retained). */
async function enqueueFresh(source: Source, candidates: Candidate[], limit: number, deps: DiscoverDeps) {
  const claims = await deps.seen.claim(source.id, candidates, limit);
  const opts = source.priority !== undefined ? { priority: source.priority } : {};
  const fresh = claims.filter((c) => c.kind === 'new');
  const changed = claims.filter((c) => c.kind === 'changed');
  let duplicates = 0;
  const run = async (batch: Claim[], force: boolean) => {
    if (batch.length === 0) return;
    try {
      const results = await deps.enqueue(batch.map((c) => c.candidate.url), { ...opts, ...(force ? { force } : {}) });
      duplicates += results.filter((r) => r.status === 'duplicate').length;
    } catch (err) {
      // Not enqueued: forget the claims so the next run tries again.
      await deps.seen.release(source.id, batch).catch(() => undefined);
      throw err;
    }
  };
  try {
    await run(fresh, false);
  } catch (err) {
    await deps.seen.release(source.id, changed).catch(() => undefined);
    throw err;
  }
  await run(changed, true);
  return { enqueued: claims.length, changed: changed.length, duplicates };
}

export async function discoverSource(source: Source, deps: DiscoverDeps): Promise<DiscoverReport> {
  const report: DiscoverReport = { sourceId: source.id, kind: source.kind, found: 0, enqueued: 0, changed: 0, duplicates: 0, invalid: 0 };
  const add = (r: { enqueued: number; changed: number; duplicates: number }) => {
    report.enqueued += r.enqueued;
    report.changed += r.changed;
    report.duplicates += r.duplicates;
  };

  if (source.kind === 'urls') {
    let list;
    if (source.file !== undefined) {
      list = parseUrlList(await readListFile(source.file, deps.maxBytes));
    } else {
      const doc = await fetchDocument(source.url!, deps);
      list = parseUrlList(doc.bytes.toString('utf8'), doc.finalUrl);
    }
    report.found = list.urls.length;
    report.invalid = list.invalid.length;
    if (list.invalid.length > 0) deps.logger?.warn({ source: source.id, invalid: list.invalid.slice(0, 10), count: list.invalid.length }, 'URL list lines that are no http(s) URL');
    add(await enqueueFresh(source, list.urls, source.maxUrls, deps));
    return report;
  }

  const doc = await fetchDocument(source.url!, deps);
  const xml = decodeXml(doc.bytes);

  if (source.kind === 'feed') {
    const items = parseFeed(xml, doc.finalUrl);
    report.found = items.length;
    add(await enqueueFresh(source, items, source.maxUrls, deps));
    return report;
  }

  const sitemap = parseSitemap(xml, doc.finalUrl);
  if (sitemap.type === 'urlset') {
    report.found = sitemap.urls.length;
    add(await enqueueFresh(source, sitemap.urls, source.maxUrls, deps));
    return report;
  }

  // A sitemap index: each child once per change of its lastmod, a failing child skipped.
  const stats = { fetched: 0, unchanged: 0, failed: [] as ErrorInfo[] };
  report.sitemaps = stats;
  const maxChildren = deps.maxChildSitemaps ?? 100;
  for (const child of sitemap.sitemaps) {
    if (stats.fetched >= maxChildren || report.enqueued >= source.maxUrls) break;
    if (child.version !== '' && (await deps.seen.getSitemapVersion(source.id, child.url)) === child.version) {
      stats.unchanged++;
      continue;
    }
    stats.fetched++;
    let urls: Candidate[];
    try {
      const childDoc = await fetchDocument(child.url, deps);
      const parsed = parseSitemap(decodeXml(childDoc.bytes), childDoc.finalUrl);
      // The protocol forbids an index inside an index; one level is all we follow.
      if (parsed.type !== 'urlset') throw new GleanerError('INVALID_SOURCE', `${child.url} is a sitemap index inside a sitemap index`);
      urls = parsed.urls;
    } catch (err) {
      if (deps.signal?.aborted) throw err;
      const error = toGleanerError(err);
      stats.failed.push({ code: error.code, message: error.message });
      deps.logger?.warn({ source: source.id, sitemap: child.url, code: error.code, err: error.message }, 'child sitemap failed');
      continue;
    }
    report.found += urls.length;
    const before = report.enqueued;
    add(await enqueueFresh(source, urls, source.maxUrls - report.enqueued, deps));
    // Remember the child's lastmod only once all its URLs fitted in this run.
    const claimedAll = report.enqueued - before < source.maxUrls - before || urls.length === 0;
    if (child.version !== '' && claimedAll) await deps.seen.setSitemapVersion(source.id, child.url, child.version);
  }
  if (stats.fetched > 0 && stats.failed.length === stats.fetched) {
    const first = stats.failed[0]!;
    throw new GleanerError(first.code, `every child sitemap failed; first: ${first.message}`);
  }
  return report;
}
