/**
 * One pass over the DOM that finds caption and credit candidates and what each holds
 * (media, paragraphs, big blocks, text length), plus the tables and definition lists
 * that may lay out an image with its caption, and `<base href>`.
 */
import type { AnyNode, Element, ParentNode } from 'domhandler';
import { IMAGE_FILE, isLazyImageBox } from './image.js';
import { roleOf, type Role } from './vocab.js';

export interface Candidate {
  el: Element;
  role: Role;
  /** Nearest enclosing candidate, of any role. */
  parent: Candidate | null;
  /** Nearest enclosing `<figure>`. */
  figure: Element | null;
  hasMedia: boolean;
  /** Inside a link to another page: a teaser card, not a caption. */
  inLink: boolean;
  paragraphs: number;
  bigBlocks: number;
  textLength: number;
}

export interface WalkResult {
  candidates: Candidate[];
  tables: Element[];
  lists: Element[];
  baseHref: string | null;
}

/** Elements that make a would-be caption a container of media instead. */
export const MEDIA_TAGS = new Set([
  'img', 'amp-img', 'amp-anim', 'picture', 'video', 'iframe', 'amp-video', 'amp-youtube', 'amp-iframe', 'object',
  'embed', 'lite-youtube',
]);
/** Blocks a caption never holds. */
const BIG_BLOCKS = new Set([
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'table', 'section', 'article', 'form', 'nav', 'header', 'footer',
  'aside', 'main', 'figure',
]);
const NOT_WALKED = new Set(['svg', 'math', 'select', 'textarea']);

export function walkDocument(root: ParentNode): WalkResult {
  const out: WalkResult = { candidates: [], tables: [], lists: [], baseHref: null };
  visit(root, null, false, [], out, 0);
  return out;
}

/** Nothing deeper is read: broken markup with thousands of unclosed tags must not overflow the stack. */
const MAX_WALK_DEPTH = 400;

function visit(parent: ParentNode, figure: Element | null, inLink: boolean, open: Candidate[], out: WalkResult, depth: number): void {
  if (depth > MAX_WALK_DEPTH) return;
  const children = parent.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (child.type === 'text') {
      if (open.length > 0) addText(child, open);
      continue;
    }
    // domhandler gives script and style their own node types: skipped here.
    if (child.type !== 'tag') continue;
    const el = child as Element;
    const name = el.name;
    if (NOT_WALKED.has(name)) continue;
    if (name === 'base' && out.baseHref === null && el.attribs['href'] !== undefined) out.baseHref = el.attribs['href'];
    if (open.length > 0) countContent(el, open);
    if (name === 'table') out.tables.push(el);
    else if (name === 'dl') out.lists.push(el);

    const role = contextualRole(el, figure, open);
    let candidate: Candidate | null = null;
    if (role !== null) {
      candidate = {
        el, role, parent: open[open.length - 1] ?? null, figure, inLink,
        hasMedia: false, paragraphs: 0, bigBlocks: 0, textLength: 0,
      };
      out.candidates.push(candidate);
      open.push(candidate);
    }
    visit(el, name === 'figure' ? el : figure, inLink || isPageLink(el), open, out, depth + 1);
    if (candidate !== null) open.pop();
  }
}

/**
 * Bylines are credits only inside a figure or a caption; `<small>` inside a caption, and
 * `<cite>` closing one, are credits too.
 */
function contextualRole(el: Element, figure: Element | null, open: Candidate[]): Role | null {
  const role = roleOf(el);
  if (role !== null && role !== 'byline') return role;
  const inCaption = open.length > 0 && open.some((c) => c.role === 'caption');
  if (role === 'byline') return figure !== null || inCaption ? 'credit' : null;
  if (inCaption && (el.name === 'small' || (el.name === 'cite' && isLastElement(el)))) return 'credit';
  return null;
}

function isLastElement(el: Element): boolean {
  for (let n = el.next; n !== null; n = n.next) {
    if (n.type === 'tag') return false;
    if (n.type === 'text' && (n as unknown as { data: string }).data.trim() !== '') return false;
  }
  return true;
}

/** `<a href>` to another page; links to the image itself (lightboxes) and "#" don't count. */
function isPageLink(el: Element): boolean {
  if (el.name !== 'a') return false;
  const href = el.attribs['href'];
  if (href === undefined) return false;
  const h = href.trim();
  return h !== '' && !h.startsWith('#') && !h.startsWith('javascript:') && !IMAGE_FILE.test(h);
}

function countContent(el: Element, open: Candidate[]): void {
  const name = el.name;
  if (MEDIA_TAGS.has(name) || isLazyImageBox(el)) for (const c of open) c.hasMedia = true;
  else if (name === 'p') for (const c of open) c.paragraphs++;
  else if (BIG_BLOCKS.has(name)) for (const c of open) c.bigBlocks++;
}

function addText(node: AnyNode, open: Candidate[]): void {
  const data = (node as unknown as { data: string }).data;
  const length = data.trim().length;
  if (length === 0) return;
  for (const c of open) c.textLength += length;
}
