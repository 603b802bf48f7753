/** Scoring used by `npm run eval`, as the datasets' READMEs define it. */
import { normalizeText } from '../../src/clean/normalize.js';

const TOKEN = /[\p{L}\p{N}_]+/gu;

function shingles(text: string): Map<string, number> {
  const tokens = text.match(TOKEN) ?? [];
  const counts = new Map<string, number>();
  if (tokens.length === 0) return counts;
  if (tokens.length < 4) {
    counts.set(tokens.join(' '), 1);
    return counts;
  }
  for (let i = 0; i + 4 <= tokens.length; i++) {
    const key = `${tokens[i]} ${tokens[i + 1]} ${tokens[i + 2]} ${tokens[i + 3]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export interface PageScore {
  precision: number | null;
  recall: number;
}

/** Shingle precision/recall of one page (article-benchmark metric). */
export function shingleScore(predicted: string, truth: string): PageScore {
  const p = shingles(predicted);
  const t = shingles(truth);
  let tp = 0;
  let predTotal = 0;
  let truthTotal = 0;
  for (const c of p.values()) predTotal += c;
  for (const [k, c] of t) {
    truthTotal += c;
    tp += Math.min(c, p.get(k) ?? 0);
  }
  return {
    precision: predTotal === 0 ? null : tp / predTotal,
    recall: truthTotal === 0 ? 1 : tp / truthTotal,
  };
}

export function meanF1(scores: readonly PageScore[]): { precision: number; recall: number; f1: number } {
  const ps = scores.map((s) => s.precision).filter((p): p is number => p !== null);
  const precision = ps.reduce((a, b) => a + b, 0) / Math.max(1, ps.length);
  const recall = scores.reduce((a, s) => a + s.recall, 0) / Math.max(1, scores.length);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Segment matching of segments-dev: NFC, folded quotes, collapsed white space. */
export function segmentKey(s: string): string {
  return normalizeText(s).replace(/[\u2018\u2019]/g, "'").replace(/[\u201C\u201D]/g, '"');
}
