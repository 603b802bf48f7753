/** Small DOM and string helpers shared by the platform modules. */
import type { AnyNode, Element } from 'domhandler';
import { textOf } from '../dom.js';
import { detach, normalizeOrNull } from '../../clean/normalize.js';

export function attr(el: Element, name: string): string | null {
  const v = el.attribs[name];
  return v === undefined ? null : v;
}

export function hasClass(el: Element, token: string): boolean {
  const cls = el.attribs['class'];
  if (cls === undefined || !cls.includes(token)) return false;
  return cls.split(/\s+/).includes(token);
}

/** Normalized, detached text of a node (null when empty). */
export function cleanText(node: AnyNode | null | undefined): string | null {
  if (node == null) return null;
  return cleanString(textOf(node));
}

export function cleanString(s: string | null | undefined): string | null {
  const n = normalizeOrNull(s);
  return n === null ? null : detach(n);
}

export function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/**
 * Descendant elements of `root` in document order, not entering elements for which
 * `stop` is true (a quoted tweet inside a tweet belongs to the inner embed).
 */
export function ownElements(root: Element, stop: (el: Element) => boolean): Element[] {
  const out: Element[] = [];
  const visit = (node: Element): void => {
    for (const child of node.children) {
      if (!isElement(child)) continue;
      if (stop(child)) continue;
      out.push(child);
      visit(child);
    }
  };
  visit(root);
  return out;
}

/** The first `<a href>` inside `root`, in document order, that `read` makes something of. */
export function firstFromLinks<T>(root: Element, read: (url: URL) => T | null): T | null {
  for (const a of ownElements(root, () => false)) {
    const url = a.name === 'a' ? parseUrl(attr(a, 'href')) : null;
    const found = url === null ? null : read(url);
    if (found !== null) return found;
  }
  return null;
}

/** Text of `root` skipping subtrees for which `skip` is true. */
export function textSkipping(root: Element, skip: (el: Element) => boolean): string {
  const parts: string[] = [];
  const visit = (node: Element): void => {
    for (const child of node.children) {
      if (child.type === 'text') parts.push(child.data);
      else if (isElement(child) && !skip(child)) {
        if (child.name === 'br') parts.push(' ');
        else if (child.name !== 'script' && child.name !== 'style') {
          visit(child);
          if (child.name === 'p' || child.name === 'div') parts.push(' ');
        }
      }
    }
  };
  visit(root);
  return parts.join('');
}

/** Parses an absolute URL (protocol-relative allowed, resolved to https); null otherwise. */
export function parseUrl(raw: string | null | undefined, base?: string): URL | null {
  if (raw == null) return null;
  let s = raw.trim();
  if (s === '') return null;
  if (s.startsWith('//')) s = 'https:' + s;
  try {
    const u = base === undefined ? new URL(s) : new URL(s, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

/** Host without a leading `www.`/`m.`/`mobile.`, lower case. */
export function bareHost(url: URL): string {
  return url.hostname.toLowerCase().replace(/^(?:www\d?|m|mobile|web)\./, '');
}

/** Path segments, decoded, empty ones dropped. */
export function segments(url: URL): string[] {
  return url.pathname.split('/').filter((s) => s !== '').map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
}

export interface Byline {
  author: string | null;
  handle: string | null;
}

/**
 * "— Display Name (@handle)" footers of X and Bluesky: the name is what lies between
 * the dash and " (@", the handle what the parentheses hold.
 */
export function parseDashByline(footer: string, handlePattern: RegExp): Byline {
  const open = footer.indexOf('(@');
  if (open < 0) return { author: null, handle: null };
  const close = footer.indexOf(')', open);
  const handleRaw = footer.slice(open + 2, close < 0 ? undefined : close).trim();
  const handle = handlePattern.test(handleRaw) ? handleRaw : null;
  let before = footer.slice(0, open);
  const dash = before.search(/[\u2014\u2013\u2015]|(?:^|\s)-\s/);
  if (dash >= 0) before = before.slice(dash).replace(/^\s*[\u2014\u2013\u2015-]/, '');
  return { author: cleanString(before), handle };
}

/** True when the text under `root` is at most `limit` characters (stops counting early). */
export function textAtMost(root: Element, limit: number): boolean {
  let count = 0;
  const visit = (node: Element): boolean => {
    for (const child of node.children) {
      if (child.type === 'text') {
        count += child.data.length;
        if (count > limit) return false;
      } else if (child.type === 'tag' && !visit(child)) return false;
    }
    return true;
  };
  return visit(root);
}
