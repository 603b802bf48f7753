/** The class/id and attribute vocabularies that mark page chrome, one rule at a time. */
import { describe, expect, it } from 'vitest';
import { parseHtml, type Element } from '../../../src/extract/dom.js';
import { CHROME_ROLE, HIDDEN, NAMED, attributeSignals, hasBoilerplateClass } from '../../../src/extract/boilerplate.js';

function element(markup: string): Element {
  const el = parseHtml(markup)('*').get(0);
  if (el === undefined) throw new Error(`no element in ${markup}`);
  return el as Element;
}

const withClass = (cls: string) => element(`<div class="${cls}">x</div>`);

describe('hasBoilerplateClass', () => {
  it.each([
    'share-bar', 'social_links', 'newsletter-signup', 'related-articles', 'most-read', 'cookie-banner', 'breadcrumb',
    'outbrain-widget', 'ad-slot', 'sidebar', 'author-bio', 'post-meta', 'Comments', 'mehr-zum-thema', 'lire-aussi',
  ])('strong word: %s', (cls) => {
    expect(hasBoilerplateClass(withClass(cls))).toBe(true);
  });

  it.each(['ad', 'site-footer', 'footer-links', 'nav', 'x-promo', 'tags', 'c-rail', 'BOTTOM-links'])('weak word at a token edge: %s', (cls) => {
    expect(hasBoilerplateClass(withClass(cls))).toBe(true);
  });

  it.each([
    'elementor-top-section', // weak word inside a token
    'pg-rail-tall',
    'tagStyle_z4kq', // hashed CSS-in-JS name: "tags" must start a token
    'comments-count', // a counter, not the comment section
    'article-body share-enabled', // the element's own role is the body
    'footer-content main-text', // weak word, but the list also says "content"
    'story-text', 'row', 'container',
  ])('not boilerplate: %s', (cls) => {
    expect(hasBoilerplateClass(withClass(cls))).toBe(false);
  });

  it('reads the id as well as the class', () => {
    expect(hasBoilerplateClass(element('<div id="newsletter">x</div>'))).toBe(true);
    expect(hasBoilerplateClass(element('<div class="wrap" id="sidebar">x</div>'))).toBe(true);
    expect(hasBoilerplateClass(element('<div>x</div>'))).toBe(false);
  });

  it('gives the same verdict on repeated class lists (memoized) as on first sight', () => {
    const first = hasBoilerplateClass(withClass('promo-box'));
    expect(hasBoilerplateClass(withClass('promo-box'))).toBe(first);
    expect(first).toBe(true);
  });
});

describe('attributeSignals', () => {
  it('marks hidden elements', () => {
    expect(attributeSignals(element('<div hidden>x</div>')) & HIDDEN).toBe(HIDDEN);
    expect(attributeSignals(element('<div style="color:red; display: none">x</div>')) & HIDDEN).toBe(HIDDEN);
    expect(attributeSignals(element('<div aria-hidden="true">x</div>')) & HIDDEN).toBe(HIDDEN);
    // Icons and decorative spans are aria-hidden inside visible text.
    expect(attributeSignals(element('<span aria-hidden="true">x</span>')) & HIDDEN).toBe(0);
  });

  it('marks chrome roles and labels', () => {
    expect(attributeSignals(element('<div role="navigation">x</div>')) & CHROME_ROLE).toBe(CHROME_ROLE);
    expect(attributeSignals(element('<section aria-label="Share this story">x</section>')) & CHROME_ROLE).toBe(CHROME_ROLE);
    expect(attributeSignals(element('<div role="main">x</div>')) & CHROME_ROLE).toBe(0);
  });

  it('says whether a class or id is there to ask about', () => {
    expect(attributeSignals(element('<p class="lead">x</p>'))).toBe(NAMED);
    expect(attributeSignals(element('<p id="p1">x</p>'))).toBe(NAMED);
    expect(attributeSignals(element('<p title="t">x</p>'))).toBe(0);
  });
});
