/** Heuristics added after the first body suite: leads, dek vs lead, linked prose, comments, layout tables. */
import { describe, expect, it } from 'vitest';
import { extract, P, paras } from './helpers.js';

const bodyOf = (html: string) => extract(html).paragraphs;

/** An article whose header (headline, intro, byline) sits outside the body container. */
function headerPage(intro: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Storm floods coastal towns | Coast News</title>
<meta property="og:title" content="Storm floods coastal towns"><meta property="og:type" content="article"></head><body>
<div class="page"><header class="story-head"><h1>Storm floods coastal towns</h1>${intro}<p class="byline">By Jane Doe</p></header>
<div class="story-text">${paras(P)}</div></div></body></html>`;
}

const LEAD = 'The storm that swept the coast overnight left two thousand homes without power, closed the main highway for six hours and forced the evacuation of a rest home near the estuary.';
const DEK = 'Crews worked through the night as the region counted the cost of its second flood in a year.';

describe('body: the lead under the headline', () => {
  it('keeps a lead paragraph named as one (lead, intro, chapô)', () => {
    expect(bodyOf(headerPage(`<p class="article-lead">${DEK}</p>`))).toEqual([DEK, ...P]);
  });

  it('leaves out a dek named as one (standfirst, dek, summary)', () => {
    expect(bodyOf(headerPage(`<p class="standfirst">${LEAD}</p>`))).toEqual(P);
  });

  it('keeps unnamed text under the headline when it is paragraph-long, not when it is a one-line dek', () => {
    expect(bodyOf(headerPage(`<p>${LEAD}</p>`))).toEqual([LEAD, ...P]);
    expect(bodyOf(headerPage(`<p>${DEK}</p>`))).toEqual(P);
  });

  it('keeps a paragraph-long lead set in a heading tag', () => {
    expect(bodyOf(headerPage(`<h2>${LEAD}</h2>`))).toEqual([LEAD, ...P]);
  });
});

describe('body: links inside prose', () => {
  const wrap = (html: string) => `<!doctype html><html><head><meta property="og:type" content="article"><title>T</title></head><body><article><h1>T</h1><div class="text">${html}</div></article></body></html>`;

  it('keeps a long sentence that is mostly links', () => {
    const linked = 'The <a href="/a">documentation examples rely heavily on tcp-wrappers</a> and <a href="/b">Stunnel, which the project has maintained for more than twenty years</a>, as the maintainers explained.';
    const text = bodyOf(wrap(paras(P.slice(0, 2)) + `<p>${linked}</p>` + paras(P.slice(2))));
    expect(text).toHaveLength(P.length + 1);
    expect(text[2]).toContain('documentation examples rely heavily');
  });

  it('keeps an address written out as its own link', () => {
    const text = bodyOf(wrap(paras(P.slice(0, 3)) + '<p><a href="mailto:news@coast.example">news@coast.example</a></p>' + paras(P.slice(3))));
    expect(text).toContain('news@coast.example');
  });

  it('still drops a short link list', () => {
    const text = bodyOf(wrap(paras(P) + '<ul><li><a href="/x">Floods close the motorway again</a></li><li><a href="/y">Council votes on culverts</a></li></ul>'));
    expect(text).toEqual(P);
  });
});

describe('body: comments and layout tables', () => {
  it('drops a reader-comment thread even when it outweighs the article', () => {
    const comment = (n: number) => `<li class="comment"><p>Reader ${n} writes: ${P[n % P.length]} ${P[(n + 1) % P.length]}</p></li>`;
    const html = `<!doctype html><html><head><meta property="og:type" content="article"><title>T</title></head><body>
<div class="news"><div class="article"><h1>T</h1>${paras(P.slice(0, 3))}</div>
<div class="community"><ul>${[1, 2, 3, 4, 5, 6].map(comment).join('')}</ul></div></div></body></html>`;
    expect(bodyOf(html)).toEqual(P.slice(0, 3));
  });

  it('reads a table whose class names a table part ("table-header") as content', () => {
    const html = `<!doctype html><html><head><meta property="og:type" content="article"><title>T</title></head><body><article><h1>T</h1>
${paras(P.slice(0, 3))}<table class="ingredients table-header"><tr><td>Two cups of flour, sifted twice before you fold it into the butter and sugar.</td></tr></table>${paras(P.slice(3))}</article></body></html>`;
    expect(bodyOf(html)).toContain('Two cups of flour, sifted twice before you fold it into the butter and sugar.');
  });

  it('drops a numbered figure caption set as a paragraph', () => {
    const html = `<!doctype html><html><head><meta property="og:type" content="article"><title>T</title></head><body><article><h1>T</h1>
${paras(P.slice(0, 2))}<p>Figure 4: rainfall at the estuary gauge over the last 48 hours.</p>${paras(P.slice(2))}</article></body></html>`;
    expect(bodyOf(html)).toEqual(P);
  });
});

describe('isArticle: error pages', () => {
  it('is false for a "404 Page not found" page even with some text', () => {
    const html = `<!doctype html><html><head><title>404 - Page not found | Coast News</title></head><body><main><h1>Page not found</h1>
<p>Sorry, the page you were looking for has moved or no longer exists. Try the search box above, or browse the latest stories from our newsroom on the front page.</p>
<p>If you followed a link from another site, please let them know that the link is out of date so they can fix it for other readers too.</p></main></body></html>`;
    const record = extract(html);
    expect(record.isArticle).toBe(false);
    expect(record.paragraphs).toEqual([]);
  });
});
