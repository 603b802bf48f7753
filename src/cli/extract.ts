/**
 * `gleaner extract FILE --url URL` and `gleaner extract --manifest M.ndjson`:
 * offline extraction of saved pages. Every input line gets exactly one output line.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import { extractOrError } from '../extract/index.js';
import { decodeHtml, looksBinary } from '../fetch/decode.js';
import { errorRecord, type ArticleRecord } from '../record.js';
import { GleanerError, type ErrorCode } from '../errors.js';
import { canonicalizeUrl, parseHttpUrl, recordIdFor } from '../url.js';
import { readStdin, writeLine } from './io.js';

export interface ExtractFileOptions {
  url: string;
  /** Pretty-print the JSON (single-file mode). */
  pretty?: boolean;
}

/** Reads a saved page and extracts it; any failure becomes an error record. */
export async function extractFile(path: string, url: string): Promise<ArticleRecord> {
  let bytes: Buffer;
  try {
    bytes = path === '-' ? await readStdin() : await readFile(path);
  } catch (err) {
    const code: ErrorCode = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE';
    return failed(url, code, `${path}: ${(err as Error).message}`);
  }
  // Images, PDFs and other binary files are not pages: say so rather than extract noise.
  if (looksBinary(bytes)) return failed(url, 'PARSE_FAILED', `${path}: binary data, not HTML`);
  // Saved files carry no HTTP header: BOM, then <meta charset>, else UTF-8.
  const { html } = decodeHtml(bytes, { defaultEncoding: 'UTF-8' });
  return extractOrError(html, url).record;
}

function failed(url: string, code: ErrorCode, message: string): ArticleRecord {
  const canonicalUrl = canonicalizeUrl(url);
  return errorRecord(url, { code, message }, { id: recordIdFor(canonicalUrl), canonicalUrl });
}

export async function runExtractFile(path: string, options: ExtractFileOptions): Promise<number> {
  if (parseHttpUrl(options.url) === null) {
    throw new GleanerError('INVALID_URL', `--url must be an absolute http(s) URL, got ${JSON.stringify(options.url)}`);
  }
  const record = await extractFile(path, options.url);
  await writeLine(options.pretty === true ? JSON.stringify(record, null, 2) : JSON.stringify(record));
  return record.error === undefined ? 0 : 1;
}

/**
 * Manifest mode: one `{"path","url"}` per line, paths relative to the manifest's
 * folder. Output order follows input order; a bad line yields an error record.
 */
export async function runExtractManifest(manifestPath: string): Promise<number> {
  const base = manifestPath === '-' ? process.cwd() : dirname(resolve(manifestPath));
  const input = manifestPath === '-' ? process.stdin : createReadStream(manifestPath);
  const opened = new Promise<void>((resolveOpen, reject) => {
    if (manifestPath === '-') resolveOpen();
    else input.once('open', () => resolveOpen()).once('error', reject);
  });
  try {
    await opened;
  } catch (err) {
    throw new GleanerError('FILE_NOT_FOUND', `cannot read manifest ${manifestPath}: ${(err as Error).message}`);
  }
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    const entry = parseManifestLine(line);
    if (entry instanceof GleanerError) {
      await writeLine(JSON.stringify(failed(`manifest:${lineNumber}`, entry.code, `line ${lineNumber}: ${entry.message}`)));
      continue;
    }
    const path = isAbsolute(entry.path) ? entry.path : resolve(base, entry.path);
    await writeLine(JSON.stringify(await extractFile(path, entry.url)));
  }
  return 0;
}

function parseManifestLine(line: string): { path: string; url: string } | GleanerError {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return new GleanerError('INVALID_INPUT', 'not a JSON object');
  }
  if (value === null || typeof value !== 'object') return new GleanerError('INVALID_INPUT', 'not a JSON object');
  const { path, url } = value as { path?: unknown; url?: unknown };
  if (typeof path !== 'string' || path === '') return new GleanerError('INVALID_INPUT', 'missing "path"');
  if (typeof url !== 'string' || parseHttpUrl(url) === null) {
    return new GleanerError('INVALID_URL', `"url" is not an absolute http(s) URL: ${JSON.stringify(url)}`);
  }
  return { path, url };
}
