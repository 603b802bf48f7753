/**
 * What surrounds a caption: the image it describes and its text. The image is searched
 * in the closest ancestor that holds one, climbing a few levels but never into a block
 * that also holds body text or other captions' images.
 */
import type { AnyNode, Element, ParentNode } from 'domhandler';
import { BLOCK_TAGS } from '../dom.js';
import { IMAGE_TAGS, imageUrlOf, sourceUrlOf } from './image.js';

export interface ScopeImage {
  /** Absolute image URL, or null (video/embed caption, or no image near). */
  imageUrl: string | null;
  /** A video or iframe player stands next to the caption. */
  nearVideo: boolean;
}

const MAX_CLIMB = 5;
const MAX_SCAN_NODES = 400;
/** Text outside the caption allowed in its image container (titles, counters, close buttons). */
const MAX_OUTSIDE_TEXT = 150;
const STOP_AT = new Set(['body', 'html', 'main', 'article']);
const PLAYER_TAGS = new Set(['video', 'iframe', 'amp-video', 'amp-youtube', 'amp-iframe', 'object', 'embed', 'lite-youtube', 'amp-vimeo']);
/** Subtrees whose images belong to something else (embedded posts, link cards). */
const FOREIGN = new Set(['blockquote', 'iframe', 'amp-twitter', 'amp-instagram', 'amp-facebook', 'amp-tiktok', 'amp-reddit']);
const NO_TEXT = new Set(['script', 'style', 'template', 'noscript', 'svg', 'math', 'button', 'select', 'option', 'textarea']);

interface ScopeScan {
  imageUrl: string | null;
  images: number;
  players: number;
  otherCaption: boolean;
  outsideText: number;
  truncated: boolean;
}

/** Caption and credit elements of the page: their text is not "outside text". */
export interface Marked {
  captions: ReadonlySet<Element>;
  credits: ReadonlySet<Element>;
}

export function findScopeImage(caption: Element, marked: Marked, base: string): ScopeImage {
  let nearVideo = false;
  let node: ParentNode | null = caption.parent;
  for (let level = 0; level < MAX_CLIMB && node !== null && node.type === 'tag'; level++) {
    const el = node as Element;
    if (STOP_AT.has(el.name)) break;
    const scan = scanScope(el, caption, marked, base);
    if (scan.players > 0) nearVideo = true;
    const isFigure = el.name === 'figure';
    if (scan.imageUrl !== null && (isFigure || scan.outsideText <= MAX_OUTSIDE_TEXT)) {
      // Several images and several captions: a gallery or a page block, not this caption's frame.
      if (isFigure || scan.images === 1 || !scan.otherCaption) return { imageUrl: scan.imageUrl, nearVideo };
      return { imageUrl: null, nearVideo };
    }
    if (isFigure || scan.truncated || scan.otherCaption || scan.outsideText > MAX_OUTSIDE_TEXT) break;
    node = el.parent;
  }
  return { imageUrl: null, nearVideo };
}

function scanScope(scope: Element, caption: Element, marked: Marked, base: string): ScopeScan {
  const scan: ScopeScan = { imageUrl: null, images: 0, players: 0, otherCaption: false, outsideText: 0, truncated: false };
  let sourceUrl: string | null = null;
  let budget = MAX_SCAN_NODES;
  const visit = (parent: ParentNode, countText: boolean): void => {
    for (const child of parent.children) {
      if (--budget < 0) {
        scan.truncated = true;
        return;
      }
      if (child.type === 'text') {
        if (countText) scan.outsideText += (child as unknown as { data: string }).data.trim().length;
        continue;
      }
      if (child.type !== 'tag') continue;
      const el = child as Element;
      if (el === caption) continue;
      const name = el.name;
      if (marked.captions.has(el) || marked.credits.has(el)) {
        // Another caption in the block means the block is shared (gallery, page section).
        if (marked.captions.has(el)) scan.otherCaption = true;
        visit(el, false);
        continue;
      }
      if (IMAGE_TAGS.has(name)) {
        const url = imageUrlOf(el, base);
        if (url !== null) {
          scan.images++;
          scan.imageUrl ??= url;
        }
      } else if (name === 'source' && sourceUrl === null) {
        sourceUrl = sourceUrlOf(el, base);
      } else if (PLAYER_TAGS.has(name)) {
        scan.players++;
      }
      if (FOREIGN.has(name)) {
        scan.outsideText += 1;
        continue;
      }
      visit(el, countText && !NO_TEXT.has(name));
    }
  };
  visit(scope, true);
  if (scan.imageUrl === null && sourceUrl !== null) {
    scan.imageUrl = sourceUrl;
    scan.images = 1;
  }
  return scan;
}

/**
 * Text of a caption: `<br>` and block ends are spaces; credit elements (`skip`), controls
 * and scripts are left out. Not normalized.
 */
export function captionText(el: Element, skip: ReadonlySet<Element>): string {
  const parts: string[] = [];
  const visit = (node: AnyNode): void => {
    if (node.type === 'text') {
      parts.push((node as unknown as { data: string }).data);
      return;
    }
    if (node.type !== 'tag') return;
    const e = node as Element;
    if (skip.has(e) || NO_TEXT.has(e.name)) return;
    if (e.name === 'br') {
      parts.push(' ');
      return;
    }
    for (const child of e.children) visit(child);
    if (BLOCK_TAGS.has(e.name)) parts.push(' ');
  };
  for (const child of el.children) visit(child);
  return parts.join('');
}
