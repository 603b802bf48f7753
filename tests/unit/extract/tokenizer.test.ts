/**
 * The fast-forwarding tokenizer must build exactly the tree htmlparser2's stock
 * tokenizer builds: same nodes, names, attributes (decoded), text (decoded), in order.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Parser, parseDocument } from 'htmlparser2';
import { DomHandler, type AnyNode } from 'domhandler';
import { FastTokenizer } from '../../../src/extract/tokenizer.js';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures');

function fastParse(html: string): AnyNode {
  const handler = new DomHandler();
  new Parser(handler, { Tokenizer: FastTokenizer }).end(html);
  return handler.root;
}

/** A plain, comparable copy of a tree. */
function shape(node: AnyNode): unknown {
  const n = node as AnyNode & { name?: string; attribs?: Record<string, string>; data?: string; children?: AnyNode[] };
  return {
    type: n.type,
    ...(n.name === undefined ? {} : { name: n.name }),
    ...(n.attribs === undefined ? {} : { attribs: Object.entries(n.attribs) }),
    ...(n.data === undefined ? {} : { data: n.data }),
    ...(n.children === undefined ? {} : { children: n.children.map(shape) }),
  };
}

const sameTree = (html: string) => expect(shape(fastParse(html))).toEqual(shape(parseDocument(html)));

describe('FastTokenizer', () => {
  it.each([
    ['text with entities', '<p>Fish &amp; chips &lt;3 &notanentity; &#x201C;quoted&#8221; and a lone & here</p>'],
    ['an entity at the very end', 'tail &amp'],
    ['text with no tag at all', 'just words, nothing else'],
    ['attribute values with entities and both quotes', `<a href="/x?a=1&amp;b=2&c=3" title='it&apos;s "fine"' data-x=un&amp;quoted>link</a>`],
    ['an attribute value left open at the end', '<div class="never closed'],
    ['script holding markup and a false end', '<script>var s = "<p>not a tag</p>"; if (a < b && c) {} // </scr ipt></script><p>after</p>'],
    ['style and title contents', '<title>A &amp; B <b>not bold</b></title><style>p > a { color: red } </style><p>x</p>'],
    ['comments, CDATA and declarations', '<!doctype html><!-- a -- b --><![CDATA[ x ]]><?php echo 1 ?><p>y</p><!-->'],
    ['an unclosed comment', '<p>a</p><!-- never closed <p>b</p>'],
    ['a script left open', '<script>var a = 1; <p>'],
    ['many ampersands in a long text', `<p>${'word & '.repeat(500)}</p><p title="${'x&y '.repeat(200)}">z</p>`],
  ])('builds the stock tree for %s', (_name, html) => {
    sameTree(html);
  });

  it('builds the stock tree for every HTML fixture', () => {
    const files = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.html'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) sameTree(readFileSync(resolve(FIXTURES, file), 'utf8'));
  });

  it('builds the stock tree for random tag soup', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('<', '>', '&', '&amp;', '&#', '&#x41;', '&lt', '"', "'", '=', '</', '/>', '<!--', '-->', '<![CDATA[', ']]>', '<!', '<?'),
      fc.constantFrom('p', 'div', 'script', 'style', 'title', 'textarea', 'a', 'br', 'svg').map((t) => `<${t}`),
      fc.constantFrom('p', 'div', 'script', 'style', 'title', 'textarea', 'a').map((t) => `</${t}>`),
      fc.constantFrom(' class="a &amp; b"', " data-x='1&2'", ' href=x&y', ' disabled', ' title="open'),
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 40 }).map((parts) => parts.join('')), (html) => {
      sameTree(html);
    }), { numRuns: 2000 });
  });
});
