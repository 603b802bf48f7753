/**
 * The parsed page. Gleaner parses with htmlparser2 (cheerio/slim): about 5× faster
 * than parse5 on news pages (NOTES.md), and it parses <noscript>/<template>
 * contents as elements, so embed copies kept there are reachable by selectors.
 */
import { load, type CheerioAPI } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';

export type { CheerioAPI, AnyNode, Element };

export function parseHtml(html: string): CheerioAPI {
  return load(html, { xml: false });
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
  const parts: string[] = [];
  collectText(node, parts);
  return parts.join('');
}

const SKIP_TEXT = new Set(['script', 'style', 'template', 'noscript', 'svg', 'math', 'head', 'title']);

function collectText(node: AnyNode, parts: string[]): void {
  if (node.type === 'text') {
    parts.push((node as unknown as { data: string }).data);
    return;
  }
  if (node.type !== 'tag' && node.type !== 'root') return;
  const el = node as Element;
  if (node.type === 'tag') {
    if (SKIP_TEXT.has(el.name)) return;
    if (el.name === 'br') {
      parts.push(' ');
      return;
    }
  }
  for (const child of el.children) collectText(child, parts);
  if (node.type === 'tag' && BLOCK_TAGS.has(el.name)) parts.push(' ');
}

export const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hgroup', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tbody',
  'thead', 'tfoot', 'tr', 'td', 'th', 'ul', 'caption',
]);

/**
 * Text of a small subtree, or null when it exceeds `maxChars` — stops walking early,
 * so probing many candidate elements (date lines, bylines) stays cheap on big pages.
 */
export function shortTextOf(node: AnyNode, maxChars: number): string | null {
  const parts: string[] = [];
  let length = 0;
  const stack: AnyNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
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
    }
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]!);
  }
  return parts.join('');
}
