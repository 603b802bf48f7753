/**
 * What kind of figure or block a caption sits in: pull quotes and author cards are not
 * photo captions; a video player nearby makes an image-less caption a real one.
 */
import type { Element, ParentNode } from 'domhandler';
import type { Candidate } from './walk.js';
import { MAX_DEPTH } from './tree.js';
import { isCardClass } from './vocab.js';

const VIDEO_HINT = /video|player|embed|youtube|vimeo|clip/i;

/** A figure around a pull quote, code or a table: its figcaption attributes, it doesn't caption. */
export function isQuoteFigure(c: Candidate): boolean {
  const figure = c.figure;
  if (figure === null || c.el.name !== 'figcaption') return false;
  if (/quote/i.test(figure.attribs['class'] ?? '')) return !hasImage(figure);
  for (const child of figure.children) {
    if (child.type !== 'tag') continue;
    const name = (child as Element).name;
    if ((name === 'blockquote' || name === 'pre' || name === 'table' || name === 'code') && !isEmbedQuote(child as Element)) {
      return !hasImage(figure);
    }
  }
  return false;
}

/** Author cards and promos dressed as figures. */
export function isCard(c: Candidate): boolean {
  return isCardClass(c.el.attribs['class']) || (c.figure !== null && isCardClass(c.figure.attribs['class']));
}

const EMBED_CLASS = /tweet|instagram|tiktok|bluesky|reddit|threads|mastodon|text-post|fb-|facebook|embed/i;
function isEmbedQuote(el: Element): boolean {
  return EMBED_CLASS.test(el.attribs['class'] ?? '');
}

function hasImage(el: Element, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  for (const child of el.children) {
    if (child.type !== 'tag') continue;
    const e = child as Element;
    if (e.name === 'img' || e.name === 'amp-img' || e.name === 'picture' || hasImage(e, depth + 1)) return true;
  }
  return false;
}

/** The caption, or a wrapper up to three levels above it, is named for a video or player. */
export function hasVideoHint(el: Element): boolean {
  let node: ParentNode | null = el;
  for (let level = 0; level < 4 && node !== null && node.type === 'tag'; level++) {
    const e = node as Element;
    if (VIDEO_HINT.test(`${e.attribs['class'] ?? ''} ${e.attribs['id'] ?? ''}`)) return true;
    node = e.parent;
  }
  return false;
}
