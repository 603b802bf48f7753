/** Reads a dataset manifest (`{"path","url"}` per line) and the pages it names. */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeHtml } from '../../src/fetch/decode.js';

export const SHARED_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared');

export interface Page {
  path: string;
  url: string;
  html: string;
  bytes: number;
}

export function sharedAvailable(sub: string): boolean {
  return existsSync(resolve(SHARED_DIR, sub));
}

export function readManifest(manifestPath: string): Page[] {
  const base = dirname(manifestPath);
  const pages: Page[] = [];
  for (const line of readFileSync(manifestPath, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const entry = JSON.parse(line) as { path: string; url: string };
    const full = resolve(base, entry.path);
    const bytes = readFileSync(full);
    pages.push({ path: entry.path, url: entry.url, html: decodeHtml(bytes, { defaultEncoding: 'UTF-8' }).html, bytes: bytes.length });
  }
  return pages;
}
