/**
 * `npm run records -- save|check`: a before/after check for refactors and speed work.
 *
 * `save` extracts every page of ../shared/datasets (article-benchmark-dev, segments-dev)
 * and keeps the records in .bench/records.json (git-ignored); `check` extracts them again
 * and names each page whose record changed, and the fields that did. A change meant to
 * keep behaviour should leave every record byte-identical. Skips cleanly without ../shared.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractOrError } from '../src/extract/index.js';
import type { ArticleRecord } from '../src/record.js';
import { SHARED_DIR, readManifest, sharedAvailable } from './lib/pages.js';

const DATASETS = ['article-benchmark-dev', 'segments-dev'];
const SNAPSHOT = resolve(dirname(fileURLToPath(import.meta.url)), '../.bench/records.json');

function extractAll(): Map<string, ArticleRecord> {
  const records = new Map<string, ArticleRecord>();
  for (const name of DATASETS) {
    const manifest = `datasets/${name}/manifest.ndjson`;
    if (!sharedAvailable(manifest)) continue;
    for (const page of readManifest(resolve(SHARED_DIR, manifest))) {
      records.set(`${name}/${page.path}`, extractOrError(page.html, page.url).record);
    }
  }
  return records;
}

function save(): void {
  const records = extractAll();
  mkdirSync(dirname(SNAPSHOT), { recursive: true });
  writeFileSync(SNAPSHOT, JSON.stringify(Object.fromEntries(records)));
  console.log(`records: saved ${records.size} records to ${SNAPSHOT}`);
}

function check(): number {
  if (!existsSync(SNAPSHOT)) {
    console.error(`records: no snapshot at ${SNAPSHOT}; run \`npm run records -- save\` first`);
    return 2;
  }
  const saved = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Record<string, Record<string, unknown>>;
  const current = extractAll();
  let changed = 0;
  for (const [key, record] of current) {
    const before = saved[key];
    if (before === undefined) {
      console.log(`new      ${key}`);
      changed++;
      continue;
    }
    const after = record as unknown as Record<string, unknown>;
    const fields = Object.keys({ ...before, ...after }).filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
    if (fields.length === 0) continue;
    changed++;
    console.log(`changed  ${key}  (${fields.join(', ')})`);
  }
  for (const key of Object.keys(saved)) {
    if (!current.has(key)) {
      console.log(`missing  ${key}`);
      changed++;
    }
  }
  console.log(`records: ${current.size} pages, ${changed} changed`);
  return changed === 0 ? 0 : 1;
}

if (!sharedAvailable('datasets')) {
  console.log('records: ../shared/datasets not found — skipped');
} else {
  const command = process.argv[2];
  if (command === 'save') save();
  else if (command === 'check') process.exitCode = check();
  else {
    console.error('usage: npm run records -- save|check');
    process.exitCode = 2;
  }
}
