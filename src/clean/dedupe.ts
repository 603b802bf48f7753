/**
 * Deduplication inside one record (DESIGN.md §1): each paragraph once; caption
 * text and embed text never counted as body paragraphs. Deterministic and per
 * record — no state survives between documents (trafilatura #768).
 */
import { comparisonKey } from './normalize.js';

export interface DedupeInput {
  paragraphs: readonly string[];
  captionTexts: readonly string[];
  embedTexts: readonly string[];
  title: string | null;
}

export interface DedupeResult {
  paragraphs: string[];
  removed: number;
}

export function dedupeParagraphs(input: DedupeInput): DedupeResult {
  const seen = new Set<string>();
  const captionKeys = new Set<string>();
  for (const c of input.captionTexts) captionKeys.add(comparisonKey(c));
  // An embed's own text leaking into the body is dropped; a paragraph that quotes it
  // with words of its own ("…," she tweeted) differs in key and stays.
  const embedKeys = new Set<string>();
  for (const t of input.embedTexts) {
    const key = comparisonKey(t);
    if (key !== '') embedKeys.add(key);
  }
  const titleKey = input.title === null ? null : comparisonKey(input.title);
  const paragraphs: string[] = [];
  let removed = 0;
  for (const p of input.paragraphs) {
    const key = comparisonKey(p);
    if (seen.has(p) || (key !== '' && (captionKeys.has(key) || embedKeys.has(key) || key === titleKey))) {
      removed++;
      continue;
    }
    seen.add(p);
    paragraphs.push(p);
  }
  return { paragraphs, removed };
}
