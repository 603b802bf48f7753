/**
 * `npm run bench:extract`: extraction speed and memory, on demand (not a test).
 *
 * Pages: ../shared/datasets/article-benchmark-dev (real news pages); without ../shared,
 * the project's own tests/fixtures/pages. In one process and one run:
 *   - bare parse: cheerio/slim (htmlparser2) and cheerio default (parse5) `load`, and
 *     Gleaner's own parse (htmlparser2 with the fast-forwarding tokenizer, the same tree)
 *   - Gleaner extractRecord (the whole record)
 *   - Gleaner without embeds and captions (extractRecord with `embeds: false, captions: false`)
 *   - @mozilla/readability on jsdom, on a bounded subset (slow and memory hungry)
 * Prints median / p95 ms per page, pages/s, the ratios (targets: extraction / fastest
 * cheerio load ≤ 1.5, readability / extraction ≥ 20; extraction / Gleaner's own parse is
 * printed too, as the cost of everything after parsing) and RSS over 2,000 extractions.
 *
 * Env: BENCH_ROUNDS (timed rounds over all pages, default 3), BENCH_READABILITY_PAGES
 * (default 20), BENCH_RSS_ITERATIONS (default 2000).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { load as loadSlim } from 'cheerio/slim';
import { load as loadParse5 } from 'cheerio';
import { extractRecord } from '../src/extract/index.js';
import { parseHtml } from '../src/extract/dom.js';
import { SHARED_DIR, readManifest, sharedAvailable, type Page } from './lib/pages.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const READABILITY_PAGES = Number(process.env['BENCH_READABILITY_PAGES'] ?? 20);
const RSS_ITERATIONS = Number(process.env['BENCH_RSS_ITERATIONS'] ?? 2000);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function loadPages(): { source: string; pages: Page[] } {
  if (sharedAvailable('datasets/article-benchmark-dev/manifest.ndjson')) {
    const manifest = resolve(SHARED_DIR, 'datasets/article-benchmark-dev/manifest.ndjson');
    return { source: 'article-benchmark-dev', pages: readManifest(manifest) };
  }
  const dir = resolve(ROOT, 'tests/fixtures/pages');
  const pages: Page[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.html')).sort();
  } catch {
    // no fixtures either
  }
  for (const name of names) {
    const bytes = readFileSync(resolve(dir, name));
    pages.push({ path: name, url: `https://fixtures.example/${name}`, html: bytes.toString('utf8'), bytes: bytes.length });
  }
  return { source: 'tests/fixtures/pages (../shared not found)', pages };
}

interface Row { name: string; perPage: Map<number, number>; failures: number; note?: string }

const quantile = (sorted: readonly number[], q: number) => {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
};

interface Step { name: string; fn: (p: Page) => unknown; note?: string }

/**
 * Times each step on each page: one warm-up round, then `rounds` timed rounds; keeps each
 * page's median. The steps run interleaved, page by page in a rotating order, so they
 * share heap and CPU conditions: run one after another, a step timed while the machine
 * was busier or the heap fuller would look slower than it is.
 */
function measure(steps: readonly Step[], pages: readonly Page[], indices: readonly number[], rounds: number): Row[] {
  const rows: Row[] = steps.map((s) => ({ name: s.name, perPage: new Map(), failures: 0, ...(s.note === undefined ? {} : { note: s.note }) }));
  const samples = steps.map(() => new Map<number, number[]>());
  const once = (k: number, i: number, timed: boolean) => {
    const page = pages[i]!;
    const t0 = performance.now();
    try {
      steps[k]!.fn(page);
    } catch {
      if (timed) rows[k]!.failures++;
    }
    const dt = performance.now() - t0;
    if (timed) {
      const list = samples[k]!.get(i) ?? [];
      list.push(dt);
      samples[k]!.set(i, list);
    }
  };
  for (let r = 0; r <= rounds; r++) {
    for (const [n, i] of indices.entries()) {
      for (let j = 0; j < steps.length; j++) once((j + n + r) % steps.length, i, r > 0);
    }
  }
  for (const [k, perStep] of samples.entries()) {
    for (const [i, list] of perStep) rows[k]!.perPage.set(i, quantile([...list].sort((a, b) => a - b), 0.5));
  }
  return rows;
}

function stats(row: Row, only?: ReadonlySet<number>) {
  const values = [...row.perPage].filter(([i]) => only === undefined || only.has(i)).map(([, v]) => v).sort((a, b) => a - b);
  const total = values.reduce((a, b) => a + b, 0);
  return { n: values.length, median: quantile(values, 0.5), p95: quantile(values, 0.95), pagesPerSec: values.length / (total / 1000) };
}

const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const { source, pages } = loadPages();
  if (pages.length === 0) {
    console.log('bench:extract: no pages found (neither ../shared nor tests/fixtures/pages); nothing to do.');
    return;
  }
  const sizes = pages.map((p) => p.bytes).sort((a, b) => a - b);
  console.log(`bench:extract — ${pages.length} pages from ${source}; median ${(quantile(sizes, 0.5) / 1024).toFixed(0)} KB, max ${(sizes[sizes.length - 1]! / 1024).toFixed(0)} KB`);
  console.log(`node ${process.version}, ${ROUNDS} timed round(s) after 1 warm-up round; per-page figure = median of its rounds\n`);

  const all = pages.map((_, i) => i);
  // parse5 runs apart: its garbage would slow the steps interleaved with it.
  const rows = [
    ...measure([
      { name: 'parse: cheerio/slim (htmlparser2)', fn: (p) => loadSlim(p.html) },
      { name: 'parse: Gleaner parseHtml (fast-forwarding tokenizer)', fn: (p) => parseHtml(p.html) },
      { name: 'Gleaner extractRecord', fn: (p) => extractRecord(p.html, p.url) },
      { name: 'Gleaner without embeds+captions', fn: (p) => extractRecord(p.html, p.url, { embeds: false, captions: false }) },
    ], pages, all, ROUNDS),
    ...measure([{ name: 'parse: cheerio default (parse5)', fn: (p) => loadParse5(p.html) }], pages, all, ROUNDS),
  ];
  const [slimParse, ownParse, gleaner, withoutEmbedsCaptions, parse5] = rows as [Row, Row, Row, Row, Row];

  // Readability on jsdom: a bounded, evenly spread subset, one timed round.
  const step = Math.max(1, Math.floor(pages.length / READABILITY_PAGES));
  const subset = all.filter((i) => i % step === 0).slice(0, READABILITY_PAGES);
  let readability: Row | null = null;
  try {
    const { JSDOM, VirtualConsole } = await import('jsdom');
    const { Readability } = await import('@mozilla/readability');
    const virtualConsole = new VirtualConsole(); // swallow CSS/script noise
    readability = measure([{
      name: `Readability 0.6 on jsdom (${subset.length} pages)`,
      fn: (p) => {
        const dom = new JSDOM(p.html, { url: p.url, virtualConsole });
        try {
          return new Readability(dom.window.document).parse();
        } finally {
          dom.window.close();
        }
      },
    }], pages, subset, 1)[0]!;
    rows.push(readability);
  } catch (err) {
    console.log(`(Readability row skipped: ${(err as Error).message})`);
  }

  console.log('| step | pages | median ms | p95 ms | pages/s | failures |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    const s = stats(row);
    console.log(`| ${row.name} | ${s.n} | ${fmt(s.median)} | ${fmt(s.p95)} | ${fmt(s.pagesPerSec, 0)} | ${row.failures} |`);
  }

  const fastestParse = Math.min(stats(slimParse).median, stats(parse5).median);
  const g = stats(gleaner);
  console.log('');
  console.log(`extraction / fastest cheerio load (medians): ${fmt(g.median / fastestParse)}  (target ≤ 1.5)`);
  const fastestRate = Math.max(stats(slimParse).pagesPerSec, stats(parse5).pagesPerSec);
  console.log(`extraction / fastest cheerio load (pages/s over all pages): ${fmt(fastestRate / g.pagesPerSec)}`);
  console.log(`extraction / Gleaner's own parse (medians): ${fmt(g.median / stats(ownParse).median)}  (what follows parsing costs)`);
  const without = stats(withoutEmbedsCaptions);
  console.log(`embeds + captions add (medians): ${fmt((g.median / without.median - 1) * 100, 0)} %  (target ≤ 15 %)`);
  if (readability !== null) {
    const subsetSet = new Set(subset);
    const r = stats(readability, subsetSet);
    const gs = stats(gleaner, subsetSet);
    console.log(`readability / extraction (medians, same ${subset.length} pages: ${fmt(r.median)} / ${fmt(gs.median)} ms): ${fmt(r.median / gs.median, 1)}  (target ≥ 20)`);
  }

  // Memory: cycle through the pages, decoding a fresh string from the bytes each time (as
  // the pipeline does), and keep every record alive: a record that pinned its page string
  // (sliced strings, NOTES.md) would keep the whole page, and RSS would climb by page sizes.
  console.log(`\nRSS over ${RSS_ITERATIONS} extractions (records retained; fresh page strings each time):`);
  const bytes = pages.map((p) => Buffer.from(p.html, 'utf8'));
  const kept: unknown[] = [];
  let recordBytes = 0;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const start = process.memoryUsage();
  console.log(`  start: rss ${mb(start.rss)}, heapUsed ${mb(start.heapUsed)}`);
  const checkpoints = new Set([200, 1000, 2000, RSS_ITERATIONS]);
  for (let n = 1; n <= RSS_ITERATIONS; n++) {
    const i = (n - 1) % pages.length;
    const html = bytes[i]!.toString('utf8');
    const record = extractRecord(html, pages[i]!.url);
    kept.push(record);
    recordBytes += record.text.length + record.paragraphs.reduce((a, p) => a + p.length, 0);
    if (checkpoints.has(n)) {
      gc?.();
      const m = process.memoryUsage();
      console.log(`  after ${String(n).padStart(5)}: rss ${mb(m.rss)}, heapUsed ${mb(m.heapUsed)}  (retained record text ≈ ${mb(recordBytes * 2)})`);
    }
  }
  if (gc === undefined) console.log('  (run with NODE_OPTIONS=--expose-gc for collected figures)');
  console.log(`  kept ${kept.length} records`);
}

await main();
