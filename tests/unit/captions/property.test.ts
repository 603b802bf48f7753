import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../../src/clean/normalize.js';
import { parseHtml } from '../../../src/extract/dom.js';
import { findCaptions, splitCredit } from '../../../src/extract/captions/index.js';

const words = (s: string): string[] => s.match(/[\p{L}\p{N}]+/gu) ?? [];

/** Multiset inclusion: every word of `input` appears in `output` as often. */
function keepsWords(input: string, output: string): boolean {
  const counts = new Map<string, number>();
  for (const w of words(output)) counts.set(w, (counts.get(w) ?? 0) + 1);
  for (const w of words(input)) {
    const n = counts.get(w) ?? 0;
    if (n === 0) return false;
    counts.set(w, n - 1);
  }
  return true;
}

// Pieces that look like captions and credits, so the splitter's branches are exercised.
const piece = fc.constantFrom(
  'Photo', 'Photo /', 'Photo:', 'Picture:', '(AP Photo/Evan Vucci)', '(Name/Outlet via AP)', 'Getty Images',
  'Reuters', 'AFP', '©', 'Foto:', 'Bild:', '/사진=연합뉴스', '[사진 제공=서울시]', '写真：共同', '图/新华社',
  'Supplied', 'The', 'mayor', 'opens', 'the', 'bridge.', '“Quote,”', 'she said.', '(left)', '(', ')', '[', ']',
  'U.S.', 'J.', '\u00a0', '|', '—', '-', 'photo', 'Video /', 'by', 'Courtesy of', '撮影', '摄',
);
const captionLike = fc.array(fc.oneof(piece, fc.string({ maxLength: 8 })), { maxLength: 14 }).map((a) => a.join(' '));

describe('splitCredit properties', () => {
  it('never loses a word: text + credit hold every word of the input', () => {
    fc.assert(
      fc.property(fc.oneof(captionLike, fc.string({ unit: 'grapheme', maxLength: 60 })), (input) => {
        const { text, credit } = splitCredit(input);
        return keepsWords(normalizeText(input), `${text} ${credit ?? ''}`);
      }),
      { numRuns: Number(process.env.CAPTION_RUNS ?? 3000) },
    );
  });

  it('returns normalized strings and never an empty credit', () => {
    fc.assert(
      fc.property(captionLike, (input) => {
        const { text, credit } = splitCredit(input);
        expect(normalizeText(text)).toBe(text);
        if (credit !== null) {
          expect(credit).not.toBe('');
          expect(normalizeText(credit)).toBe(credit);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

// Random HTML built from tags, classes and attributes the caption finder reacts to.
const tag = fc.constantFrom('div', 'p', 'span', 'figure', 'figcaption', 'table', 'tr', 'td', 'dl', 'dt', 'dd', 'small', 'noscript', 'template', 'picture', 'blockquote', 'article', 'button');
const cls = fc.constantFrom('', 'caption', 'wp-caption', 'wp-caption-text', 'credit', 'photo-credit', 'byline', 'caption-toggle', 'Caption_caption__x1', 'lightbox__caption', 'legende', 'copyright', 'video');
const voidEl = fc.constantFrom(
  '<img src="/a.jpg">', '<img src="data:image/gif;base64,R0" data-src="/b.jpg">', '<amp-img src="c.jpg"></amp-img>',
  '<source srcset="/d.webp 1x, /e.webp 2x">', '<br>', '<iframe src="https://www.youtube.com/embed/x"></iframe>',
  '<base href="https://cdn.test/x/">', '<img srcset=",,, 12w">', '<img src="http://[bad">',
);
const text = fc.oneof(captionLike, fc.constantFrom('&nbsp;', '&amp;', '“x”', '<!-- c -->', '</div>', '<p', '"'));
const html: fc.Arbitrary<string> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    voidEl,
    fc.tuple(tag, cls, fc.array(tie('node'), { maxLength: 4 })).map(([t, c, kids]) => `<${t} class="${c}">${(kids as string[]).join('')}</${t}>`),
  ),
})).node as fc.Arbitrary<string>;

describe('findCaptions properties', () => {
  it('never throws on random HTML and returns normalized, absolute results', () => {
    fc.assert(
      fc.property(html, (doc) => {
        const $ = parseHtml(doc);
        const { captions, nodes } = findCaptions($, 'https://news.test/a/b');
        for (const c of captions) {
          expect(c.text).not.toBe('');
          expect(normalizeText(c.text)).toBe(c.text);
          if (c.imageUrl !== null) expect(c.imageUrl).toMatch(/^https?:\/\//);
        }
        expect(nodes.every((n) => n.type === 'tag')).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('never throws on mutated real-looking markup', () => {
    const base = '<figure class="m"><img src="/a.jpg" data-src="/b.jpg"><figcaption>The pier. <span class="credit">Photo / AP</span></figcaption></figure><div class="wp-caption"><img src="/c.jpg"><p class="wp-caption-text">Sandbags. (AP Photo/X)</p></div><table><tr><td><img src="/t.jpg"></td></tr><tr><td>사진=연합뉴스</td></tr></table>';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: base.length }), fc.integer({ min: 0, max: 40 }), fc.string({ maxLength: 6 }), (at, cut, insert) => {
        const doc = base.slice(0, at) + insert + base.slice(Math.min(base.length, at + cut));
        expect(() => findCaptions(parseHtml(doc), 'https://news.test/')).not.toThrow();
      }),
      { numRuns: 1500 },
    );
  });
});

describe('findCaptions on broken markup', () => {
  it.each([
    ['thousands of unclosed divs', '<div>'.repeat(20000) + '<figure><img src="/a.jpg"><figcaption>Deep.</figcaption></figure>'],
    ['a figcaption holding thousands of unclosed spans', '<figure><img src="/a.jpg"><figcaption>' + '<span>'.repeat(20000) + 'text'],
    ['a caption holding thousands of unclosed tags', '<div class="caption">' + '<b>'.repeat(20000) + 'text <span class="credit">AP</span>'],
  ])('does not overflow the stack on %s', (_name, html) => {
    expect(() => findCaptions(parseHtml(html), 'https://news.test/')).not.toThrow();
  });
});
