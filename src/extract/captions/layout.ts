/**
 * Captions laid out without caption markup: an image in one table cell and its caption in
 * the next cell or row (old CMSs, Korean and Japanese sites), or `<dl><dt><img><dd>text`.
 */
import type { Element, ParentNode } from 'domhandler';
import { IMAGE_TAGS, imageUrlOf } from './image.js';

export interface LayoutCaption {
  cell: Element;
  imageUrl: string;
}

const MAX_ROWS = 4;
const MAX_NODES = 120;
const MAX_TEXT = 500;

/** The caption cell of a small table holding exactly one image, or null. */
export function tableCaption(table: Element, base: string): LayoutCaption | null {
  return layoutCaption(table, base, new Set(['td', 'th']), 'tr');
}

/** The `<dd>` captioning the one image of a `<dl>`, or null. */
export function listCaption(list: Element, base: string): LayoutCaption | null {
  return layoutCaption(list, base, new Set(['dt', 'dd']), null);
}

function layoutCaption(root: Element, base: string, cellTags: Set<string>, rowTag: string | null): LayoutCaption | null {
  const cells: Element[] = [];
  let imageUrl: string | null = null;
  let imageCell: Element | null = null;
  let rows = 0;
  let budget = MAX_NODES;
  let failed = false;
  let text = 0;
  const visit = (parent: ParentNode, cell: Element | null): void => {
    for (const child of parent.children) {
      if (failed) return;
      if (--budget < 0) {
        failed = true;
        return;
      }
      if (child.type === 'text') {
        text += (child as unknown as { data: string }).data.trim().length;
        continue;
      }
      if (child.type !== 'tag') continue;
      const el = child as Element;
      const name = el.name;
      if (name === 'table' || name === 'dl' || name === 'iframe' || name === 'video') {
        failed = true;
        return;
      }
      if (name === rowTag && ++rows > MAX_ROWS) {
        failed = true;
        return;
      }
      let inCell = cell;
      if (cellTags.has(name) && cell === null) {
        cells.push(el);
        inCell = el;
      }
      if (IMAGE_TAGS.has(name)) {
        const url = imageUrlOf(el, base);
        if (url !== null) {
          // A second image: a gallery or a page layout, not one captioned picture.
          if (imageUrl !== null && url !== imageUrl) {
            failed = true;
            return;
          }
          imageUrl = url;
          imageCell ??= inCell;
        }
      }
      visit(el, inCell);
    }
  };
  visit(root, null);
  if (failed || imageUrl === null || imageCell === null || text === 0 || text > MAX_TEXT) return null;
  const after = cells.slice(cells.indexOf(imageCell) + 1);
  const cell = after.find((c) => hasText(c) && !holdsImage(c));
  return cell === undefined ? null : { cell, imageUrl };
}

// Both run on cells of a table already walked within MAX_NODES, so their depth is bounded.
function hasText(el: Element): boolean {
  for (const child of el.children) {
    if (child.type === 'text' && (child as unknown as { data: string }).data.trim() !== '') return true;
    if (child.type === 'tag' && hasText(child as Element)) return true;
  }
  return false;
}

function holdsImage(el: Element): boolean {
  for (const child of el.children) {
    if (child.type !== 'tag') continue;
    const e = child as Element;
    if (IMAGE_TAGS.has(e.name) || e.name === 'picture' || holdsImage(e)) return true;
  }
  return false;
}
