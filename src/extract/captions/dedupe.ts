/**
 * Merging repeated captions (mobile copies, lightboxes, thumbnails strips): same text and
 * the same image, or one of them without an image. The first occurrence keeps its place;
 * a credit or image missing there is taken from a later copy.
 */
import type { Caption } from '../../record.js';
import { comparisonKey } from '../../clean/normalize.js';
import { imageKey } from './image.js';

export interface CaptionDraft extends Caption {
  /** Weak drafts (no figure, no image, no video hint) only ever merge into others. */
  strong: boolean;
}

interface Group {
  caption: Caption;
  key: string;
  strong: boolean;
}

export function dedupeCaptions(drafts: readonly CaptionDraft[]): Caption[] {
  const groups: Group[] = [];
  const byText = new Map<string, Group[]>();
  for (const draft of drafts) {
    const key = textKey(draft.text);
    const sameText = byText.get(key) ?? [];
    const group = sameText.find((g) => sameImage(g.caption.imageUrl, draft.imageUrl));
    if (group === undefined) {
      const created: Group = {
        caption: { text: draft.text, credit: draft.credit, imageUrl: draft.imageUrl },
        key,
        strong: draft.strong,
      };
      groups.push(created);
      sameText.push(created);
      byText.set(key, sameText);
      continue;
    }
    const c = group.caption;
    if (c.credit === null && draft.credit !== null) c.credit = draft.credit;
    if (c.imageUrl === null && draft.imageUrl !== null) c.imageUrl = draft.imageUrl;
    group.strong ||= draft.strong;
  }
  return groups.filter((g) => g.strong).map((g) => g.caption);
}

/** Texts equal up to case, punctuation and white space are the same caption. */
function textKey(text: string): string {
  const key = comparisonKey(text);
  return key === '' ? text : key;
}

function sameImage(a: string | null, b: string | null): boolean {
  return a === null || b === null || a === b || imageKey(a) === imageKey(b);
}
