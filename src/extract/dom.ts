/**
 * The parsed page. Gleaner parses with htmlparser2 (cheerio/slim): about 5× faster
 * than parse5 on news pages (NOTES.md), and it parses <noscript>/<template>
 * contents as elements, so embed copies kept there are reachable by selectors.
 * The tokenizer is htmlparser2's own with native fast-forwarding (tokenizer.ts): the
 * same tree as cheerio/slim `load(html)`, in about 0.6 of the time.
 */
import { load, type CheerioAPI } from 'cheerio/slim';
import { Parser } from 'htmlparser2';
import { DomHandler, type AnyNode, type Element } from 'domhandler';
import { FastTokenizer } from './tokenizer.js';

export type { CheerioAPI, AnyNode, Element };

export function parseHtml(html: string): CheerioAPI {
  const handler = new DomHandler();
  new Parser(handler, { Tokenizer: FastTokenizer }).end(html);
  return load(handler.root, { xml: false });
}

/**
 * Elements under `root` (not `root` itself) that pass `test`, in document order, at most
 * `limit`: a hand-written walk, several times cheaper than compiling and running a CSS
 * selector for one question. Script and style elements are elements too, as in CSS.
 */
export function elementsWhere(root: AnyNode, test: (el: Element) => boolean, limit = Infinity): Element[] {
  const found: Element[] = [];
  const stack: AnyNode[] = [];
  const pushChildren = (parent: AnyNode) => {
    const children = (parent as Element).children;
    if (children === undefined) return;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  };
  pushChildren(root);
  while (stack.length > 0 && found.length < limit) {
    const node = stack.pop()!;
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
    if (test(node as Element)) found.push(node as Element);
    pushChildren(node);
  }
  return found;
}

/** Lower-cased `class` + `id` of an element, for vocabulary tests. */
export function classAndId(el: Element): string {
  const cls = el.attribs['class'];
  const id = el.attribs['id'];
  if (cls === undefined && id === undefined) return '';
  return `${cls ?? ''} ${id ?? ''}`.toLowerCase();
}

/**
 * Text of a subtree with `<br>` as white space and block boundaries as spaces;
 * skips script, style, template and noscript. Not normalized.
 */
export function textOf(node: AnyNode): string {
  return collectText(node, Infinity) ?? '';
}

/**
 * Text of a small subtree, or null when it exceeds `maxChars` — stops walking early,
 * so probing many candidate elements (date lines, bylines) stays cheap on big pages.
 */
export function shortTextOf(node: AnyNode, maxChars: number): string | null {
  return collectText(node, maxChars);
}

const SKIP_TEXT = new Set(['script', 'style', 'template', 'noscript', 'svg', 'math', 'head', 'title']);
/** Marks the end of a block element on the walk stack: a space goes there. */
const BLOCK_END = Symbol('block end');

/** Iterative (deeply nested pages must not overflow the stack). */
function collectText(node: AnyNode, maxChars: number): string | null {
  const parts: string[] = [];
  let length = 0;
  const stack: (AnyNode | typeof BLOCK_END)[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current === BLOCK_END) {
      parts.push(' ');
      continue;
    }
    if (current.type === 'text') {
      const data = (current as unknown as { data: string }).data;
      length += data.length;
      if (length > maxChars) return null;
      parts.push(data);
      continue;
    }
    if (current.type !== 'tag' && current.type !== 'root') continue;
    const el = current as Element;
    if (current.type === 'tag') {
      if (SKIP_TEXT.has(el.name)) continue;
      if (el.name === 'br') {
        parts.push(' ');
        continue;
      }
      if (BLOCK_TAGS.has(el.name)) stack.push(BLOCK_END);
    }
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]!);
  }
  return parts.join('');
}

export const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hgroup', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tbody',
  'thead', 'tfoot', 'tr', 'td', 'th', 'ul', 'caption',
]);

