/**
 * What surrounds a caption: the image it describes and its text. The image is searched
 * in the closest ancestor that holds one, climbing a few levels but never into a block
 * that also holds body text or other captions' images.
 */
import type { AnyNode, Element, ParentNode } from 'domhandler';
import { BLOCK_TAGS } from '../dom.js';
import { MAX_DEPTH, nextElement, previousElement } from './tree.js';
import { IMAGE_TAGS, imageUrlOf, isLazyImageBox, lazyBoxUrlOf, sourceUrlOf } from './image.js';

export interface ScopeImage {
  /** Absolute image URL, or null (video/embed caption, or no image near). */
  imageUrl: string | null;
  /** A video or iframe player stands next to the caption. */
  nearVideo: boolean;
  /** The block framing caption and image (the figure, or the caption's parent when no image). */
  frame: Element | null;
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
  const adjacent = adjacentImage(caption, marked, base);
  if (adjacent !== null) return adjacent;
  let nearVideo = false;
  // Without an image, the caption's parent frames it only when it holds little else.
  let parent: Element | null = null;
  let node: ParentNode | null = caption.parent;
  for (let level = 0; level < MAX_CLIMB && node !== null && node.type === 'tag'; level++) {
    const el = node as Element;
    if (STOP_AT.has(el.name)) break;
    const scan = scanScope(el, caption, marked, base);
    if (scan.players > 0) nearVideo = true;
    const isFigure = el.name === 'figure';
    if (level === 0 && !scan.truncated && scan.outsideText <= MAX_OUTSIDE_TEXT) parent = el;
    if (scan.imageUrl !== null && (isFigure || scan.outsideText <= MAX_OUTSIDE_TEXT)) {
      // Several images and several captions: a gallery or a page block, not this caption's frame.
      if (isFigure || scan.images === 1 || !scan.otherCaption) return { imageUrl: scan.imageUrl, nearVideo, frame: el };
      return { imageUrl: null, nearVideo, frame: parent };
    }
    if (isFigure) return { imageUrl: null, nearVideo, frame: el };
    if (scan.truncated || scan.outsideText > MAX_OUTSIDE_TEXT) break;
    node = el.parent;
  }
  return { imageUrl: null, nearVideo, frame: parent };
}

/**
 * An image block right before (or else right after) the caption, in a parent that also
 * holds the body: `<div class="entry-image"><img></div><div class="caption">`.
 */
function adjacentImage(caption: Element, marked: Marked, base: string): ScopeImage | null {
  for (const sibling of [previousElement(caption), nextElement(caption)]) {
    if (sibling === null || marked.captions.has(sibling)) continue;
    const wrapped = wrapSibling(sibling);
    const scan = scanScope(wrapped, caption, marked, base);
    if (scan.images === 1 && !scan.truncated && !scan.otherCaption && scan.outsideText <= MAX_ADJACENT_TEXT && scan.imageUrl !== null) {
      return { imageUrl: scan.imageUrl, nearVideo: false, frame: smallParent(caption, marked, base) };
    }
  }
  return null;
}

const MAX_ADJACENT_TEXT = 20;

/** The caption's parent when it holds little besides caption and image, else null. */
function smallParent(caption: Element, marked: Marked, base: string): Element | null {
  const parent = caption.parent;
  if (parent === null || parent.type !== 'tag') return null;
  const el = parent as Element;
  if (STOP_AT.has(el.name)) return null;
  const scan = scanScope(el, caption, marked, base);
  return scan.truncated || scan.outsideText > MAX_OUTSIDE_TEXT ? null : el;
}

/** scanScope looks at children: give it a one-child stand-in parent. */
function wrapSibling(el: Element): Element {
  return { type: 'tag', name: '#adjacent', attribs: {}, children: [el], parent: null } as unknown as Element;
}

function scanScope(scope: Element, caption: Element, marked: Marked, base: string): ScopeScan {
  const scan: ScopeScan = { imageUrl: null, images: 0, players: 0, otherCaption: false, outsideText: 0, truncated: false };
  let sourceUrl: string | null = null;
  let budget = MAX_SCAN_NODES;
  const visit = (parent: ParentNode, countText: boolean, depth: number): void => {
    if (depth > MAX_DEPTH) {
      scan.truncated = true;
      return;
    }
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
        visit(el, false, depth + 1);
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
      } else if (isLazyImageBox(el)) {
        const url = lazyBoxUrlOf(el, base);
        if (url !== null) {
          scan.images++;
          scan.imageUrl ??= url;
        }
      }
      if (FOREIGN.has(name)) {
        scan.outsideText += 1;
        continue;
      }
      visit(el, countText && !NO_TEXT.has(name), depth + 1);
    }
  };
  visit(scope, true, 0);
  if (scan.imageUrl === null && sourceUrl !== null) {
    scan.imageUrl = sourceUrl;
    scan.images = 1;
  }
  return scan;
}

export interface CaptionText {
  /** Not normalized. */
  text: string;
  /** Characters (trimmed runs) inside links, and in all: teaser cards are mostly links. */
  linkChars: number;
  chars: number;
}

// Screen-reader labels ("Image caption", "Image:") and slide counters ("1 of 4") are not caption text.
const SCREEN_READER_ONLY = /(?:^|[\s_-])(?:visually-?hidden|off-?screen|sr-only|screen-?reader(?:-text|-only)?|a11y-hidden|u-vh)(?:$|[\s_-])/i;
const COUNTER = /(?:^|[\s_-])(?:count|counter|pager|pagination|slide-?number)(?:$|[\s_-])/i;
// "… more" / "less" toggles and the truncated copy shown before them.
const TOGGLE = /(?:^|[\s_-])(?:more|less|read-?more|toggle|truncated|enlarge\w*|zoom)(?:$|[\s_-])|(?:hide|show)-?caption/i;

/** Text of a caption: `<br>` and block ends are spaces; credit elements (`skip`), controls and scripts are left out. */
export function captionText(el: Element, skip: ReadonlySet<Element>): CaptionText {
  const parts: string[] = [];
  let linkChars = 0;
  let chars = 0;
  const visit = (node: AnyNode, inLink: boolean, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (node.type === 'text') {
      const data = (node as unknown as { data: string }).data;
      parts.push(data);
      const n = data.trim().length;
      chars += n;
      if (inLink) linkChars += n;
      return;
    }
    if (node.type !== 'tag') return;
    const e = node as Element;
    if (skip.has(e) || NO_TEXT.has(e.name) || isLabelOrCounter(e)) return;
    if (e.name === 'br') {
      parts.push(' ');
      return;
    }
    const link = inLink || (e.name === 'a' && e.attribs['href'] !== undefined);
    for (const child of e.children) visit(child, link, depth + 1);
    if (BLOCK_TAGS.has(e.name)) parts.push(' ');
  };
  for (const child of el.children) visit(child, false, 0);
  return { text: parts.join(''), linkChars, chars };
}

function isLabelOrCounter(el: Element): boolean {
  const cls = el.attribs['class'];
  return cls !== undefined && (SCREEN_READER_ONLY.test(cls) || COUNTER.test(cls) || TOGGLE.test(cls));
}
