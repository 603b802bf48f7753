/**
 * `npm run eval`: scores the extractor on the shared datasets (skips cleanly
 * without ../shared) and prints the figures and the worst pages.
 *   article-benchmark-dev — shingle F1 of text + embed texts against the human articleBody
 *   segments-dev          — F1 over segments that must be kept / dropped
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { extractRecord } from '../src/extract/index.js';
import type { ArticleRecord } from '../src/record.js';
import { SHARED_DIR, readManifest, sharedAvailable } from './lib/pages.js';
import { meanF1, segmentKey, shingleScore, type PageScore } from './lib/score.js';

const WORST = Number(process.env['EVAL_WORST'] ?? 8);

function safeExtract(html: string, url: string): ArticleRecord | null {
  try {
    return extractRecord(html, url);
  } catch {
    return null;
  }
}

/** What the article benchmark compares: body text plus the embeds' own text. */
function scoredText(record: ArticleRecord | null): string {
  if (record === null) return '';
  const embedTexts = record.embeds.map((e) => e.text ?? '').filter(Boolean);
  return [record.text, ...embedTexts].join('\n');
}

function articleBenchmark(): void {
  const dir = resolve(SHARED_DIR, 'datasets/article-benchmark-dev');
  const truth = JSON.parse(readFileSync(resolve(dir, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody: string }>;
  const pages = readManifest(resolve(dir, 'manifest.ndjson'));
  const rows: { id: string; score: PageScore }[] = [];
  for (const page of pages) {
    const id = page.path.replace(/^.*\//, '').replace(/\.html$/, '');
    const expected = truth[id]?.articleBody;
    if (expected === undefined) continue;
    const score = shingleScore(scoredText(safeExtract(page.html, page.url)), expected);
    rows.push({ id, score });
  }
  const overall = meanF1(rows.map((r) => r.score));
  console.log(`article-benchmark-dev: ${rows.length} pages  precision ${overall.precision.toFixed(4)}  recall ${overall.recall.toFixed(4)}  F1 ${overall.f1.toFixed(4)}  (target ≥ 0.975)`);
  const f1 = (s: PageScore) => {
    const p = s.precision ?? 0;
    return p + s.recall === 0 ? 0 : (2 * p * s.recall) / (p + s.recall);
  };
  const worst = [...rows].sort((a, b) => f1(a.score) - f1(b.score)).slice(0, WORST);
  for (const w of worst) {
    console.log(`  worst ${w.id}  P ${(w.score.precision ?? 0).toFixed(3)}  R ${w.score.recall.toFixed(3)}`);
  }
}

interface SegmentCase {
  id: string;
  path: string;
  url: string;
  with: string[];
  without: string[];
}

function segments(): void {
  const dir = resolve(SHARED_DIR, 'datasets/segments-dev');
  const { cases } = JSON.parse(readFileSync(resolve(dir, 'cases.json'), 'utf8')) as { cases: SegmentCase[] };
  const pages = new Map(readManifest(resolve(dir, 'manifest.ndjson')).map((p) => [p.path, p]));
  let tp = 0, fn = 0, fp = 0, tn = 0;
  const perPage: { id: string; missed: number; leaked: number }[] = [];
  for (const c of cases) {
    const page = pages.get(c.path) ?? [...pages.values()].find((p) => p.path.endsWith(c.path.replace(/^.*\//, '')));
    if (page === undefined) continue;
    const record = safeExtract(page.html, page.url);
    const text = segmentKey(scoredText(record));
    let missed = 0, leaked = 0;
    for (const s of c.with) {
      if (text.includes(segmentKey(s))) tp++;
      else { fn++; missed++; }
    }
    for (const s of c.without) {
      if (text.includes(segmentKey(s))) { fp++; leaked++; }
      else tn++;
    }
    perPage.push({ id: c.id, missed, leaked });
  }
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  const f1 = (2 * precision * recall) / Math.max(1e-9, precision + recall);
  console.log(`segments-dev: ${perPage.length} pages  precision ${precision.toFixed(4)}  recall ${recall.toFixed(4)}  F1 ${f1.toFixed(4)}  (target ≥ 0.94; tp ${tp} fn ${fn} fp ${fp} tn ${tn})`);
  const worst = [...perPage].sort((a, b) => b.missed + b.leaked - (a.missed + a.leaked)).slice(0, WORST);
  for (const w of worst) console.log(`  worst ${w.id}  missed ${w.missed}  leaked ${w.leaked}`);
}

if (!sharedAvailable('datasets')) {
  console.log('eval: ../shared/datasets not found — skipped');
} else {
  if (sharedAvailable('datasets/article-benchmark-dev')) articleBenchmark();
  if (sharedAvailable('datasets/segments-dev')) segments();
}
