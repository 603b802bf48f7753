import { describe, expect, it } from 'vitest';
import { extract, P, page, paras } from './helpers.js';

const bodyOf = (html: string) => extract(html).paragraphs;

describe('body: boilerplate is excluded', () => {
  it('keeps the article paragraphs of a plain page, in order', () => {
    expect(bodyOf(page())).toEqual(P);
  });

  it('drops the site navigation', () => {
    const html = page({ before: '<nav><ul><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li><li><a href="/business">Business news and markets today</a></li></ul></nav>' });
    expect(bodyOf(html)).toEqual(P);
  });

  it('drops ad slots and "Advertisement" labels', () => {
    const html = page({ body: `${paras(P.slice(0, 2))}<div class="ad-slot"><span>Advertisement</span><p>Buy the best raincoats in town at half price this week only.</p></div>${paras(P.slice(2))}` });
    expect(bodyOf(html)).toEqual(P);
  });

  it('drops share bars', () => {
    const html = page({ top: '<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email this</a></div>' });
    expect(bodyOf(html)).toEqual(P);
  });

  it('drops related-story lists after the body', () => {
    const html = page({ bottom: '<section class="related-stories"><h2>Related stories</h2><ul><li><a href="/a">Floods close the northern motorway for the second time this month</a></li><li><a href="/b">Council votes to widen culverts under the main road</a></li></ul></section>' });
    expect(bodyOf(html)).toEqual(P);
  });

  it('drops newsletter prompts', () => {
    const html = page({ body: `${paras(P.slice(0, 3))}<div class="newsletter-signup"><h3>Get the morning briefing</h3><p>Sign up to our free newsletter and get the day's top stories in your inbox every morning.</p><button>Sign up</button></div>${paras(P.slice(3))}` });
    expect(bodyOf(html)).toEqual(P);
  });

  it('drops cookie notices', () => {
    const html = page({ after: '<div id="onetrust-banner-sdk"><p>We use cookies to personalise content and ads, to provide social media features and to analyse our traffic.</p><button>Accept all</button></div>' });
    expect(bodyOf(html)).toEqual(P);
  });

  it('drops the comments section', () => {
    const html = page({ after: '<section id="comments" class="comments"><h2>Comments (2)</h2><div class="comment"><p>This is exactly what happened on our street last year and nobody from the council came.</p></div><div class="comment"><p>Thanks to the crews who worked all night, you are heroes every single one of you.</p></div></section>' });
    expect(bodyOf(html)).toEqual(P);
  });

  it('drops the author bio box', () => {
    const html = page({ bottom: '<div class="author-bio"><p>Jane Doe is the regional affairs reporter for Coast News and has covered local government since 2015.</p></div>' });
    expect(bodyOf(html)).toEqual(P);
  });

  it('drops the tag list', () => {
    const html = page({ bottom: '<ul class="tags"><li><a href="/t/weather">Weather</a></li><li><a href="/t/floods">Floods</a></li><li><a href="/t/council">Council</a></li></ul>' });
    expect(bodyOf(html)).toEqual(P);
  });

  it('drops the copyright line', () => {
    const html = page({ bottom: '<p class="copyright">© 2024 Coast News Media Ltd. All rights reserved.</p>' });
    expect(bodyOf(html)).toEqual(P);
  });

  it('drops scripts, styles and hidden elements', () => {
    const html = page({ body: `${paras(P.slice(0, 1))}<script>var x = "Some script text that is long enough to count as a paragraph";</script><style>.a{color:red}</style><div hidden><p>Hidden text that the reader never sees on the page at all, not ever.</p></div>${paras(P.slice(1))}` });
    expect(bodyOf(html)).toEqual(P);
  });
});

describe('body: blocks', () => {
  it('splits paragraphs at <br><br>', () => {
    const html = page({ body: `<div>${P[0]}<br><br>${P[1]}<br>\n<br>${P[2]}</div>${paras(P.slice(3))}` });
    expect(bodyOf(html)).toEqual(P);
  });

  it('treats a single <br> as a space', () => {
    const html = page({ body: `<p>${P[0]!.replace('overnight, ', 'overnight,<br>')}</p>${paras(P.slice(1))}` });
    expect(bodyOf(html)).toEqual(P);
  });

  it('keeps headings, list items and block quotes in reading order', () => {
    const html = page({
      body: `<p>${P[0]}</p><h2>What the council said</h2><p>${P[1]}</p>
        <ul><li>Boil drinking water until further notice.</li><li>Stay away from the estuary paths.</li></ul>
        <blockquote>We were better prepared this time, and it showed in the numbers.</blockquote><p>${P[2]}</p>`,
    });
    expect(bodyOf(html)).toEqual([
      P[0], 'What the council said', P[1],
      'Boil drinking water until further notice.', 'Stay away from the estuary paths.',
      'We were better prepared this time, and it showed in the numbers.', P[2],
    ]);
  });

  it('gives each paragraph once when an <article> is nested in <main> inside another <article>', () => {
    const html = `<html lang="en"><head><title>Storm floods coastal towns overnight</title></head><body><main><article class="wrapper"><article><h1>Storm floods coastal towns overnight</h1>${paras(P)}</article></article></main></body></html>`;
    expect(bodyOf(html)).toEqual(P);
  });

  it('drops empty blocks and non-breaking-space-only paragraphs', () => {
    const html = page({ body: `<p>${P[0]}</p><p>&nbsp;</p><p> </p><p>${P[1]}</p>` });
    expect(bodyOf(html)).toEqual([P[0], P[1]]);
  });

  it('normalizes paragraph text', () => {
    const html = page({ body: `<p>\u201CIt\u2019s\u00A0over,\u201D she said.\u200B  ${P[0]}</p>${paras(P.slice(1))}` });
    expect(bodyOf(html)[0]).toBe(`"It's over," she said. ${P[0]}`);
  });
});

describe('body: named heuristics', () => {
  const teasers = (n: number) => Array.from({ length: n }, (_, i) =>
    `<li><a href="/s/${i}">Teaser headline number ${i + 1} about another story</a> A short summary of that other story here.</li>`).join('');

  it('drops a teaser list at the end of the container ("teasers at container edges")', () => {
    const html = page({ body: `${paras(P)}<ul>${teasers(4)}</ul>` });
    expect(bodyOf(html)).toEqual(P);
  });

  it('drops a teaser list at the start of the container', () => {
    const html = page({ body: `<ul>${teasers(3)}</ul>${paras(P)}` });
    expect(bodyOf(html)).toEqual(P);
  });

  it('keeps a link-led list between paragraphs (the article\'s own list)', () => {
    const items = [
      '<li><a href="/a">Emergency shelters</a> are open at the community hall and the school gym until Sunday.</li>',
      '<li><a href="/b">Road closures</a> are listed on the transport agency website and updated every hour.</li>',
    ];
    const html = page({ body: `${paras(P.slice(0, 2))}<ul>${items.join('')}</ul>${paras(P.slice(2))}` });
    expect(bodyOf(html)).toEqual([
      ...P.slice(0, 2),
      'Emergency shelters are open at the community hall and the school gym until Sunday.',
      'Road closures are listed on the transport agency website and updated every hour.',
      ...P.slice(2),
    ]);
  });

  it('drops an orphan "Related stories" heading whose link list was dropped', () => {
    const html = page({ body: `${paras(P)}<h3>Related stories</h3><ul><li><a href="/a">Floods close the northern motorway again</a></li><li><a href="/b">Council votes to widen the culverts</a></li></ul>` });
    expect(bodyOf(html)).toEqual(P);
  });

  it('drops a section label above the headline', () => {
    const html = `<html lang="en"><head><meta property="og:title" content="Storm floods coastal towns overnight"></head><body><article>
      <div><a href="/weather">Weather</a></div><span>Breaking</span>
      <h1>Storm floods coastal towns overnight</h1>${paras(P)}</article></body></html>`;
    expect(bodyOf(html)).toEqual(P);
  });

  it('keeps a lead paragraph that sits in a sibling element of the body container', () => {
    const lead = 'The worst storm in a decade hit the coast overnight, and the clean-up has only just begun in the hardest-hit towns.';
    const html = `<html lang="en"><head><meta property="og:title" content="Storm floods coastal towns overnight"></head><body><main>
      <h1>Storm floods coastal towns overnight</h1>
      <div class="lead"><p>${lead}</p></div>
      <div class="story">${paras(P)}</div>
      <aside class="sidebar"><h2>Most read</h2><ul><li><a href="/x">Something else entirely happened today</a></li></ul></aside>
      </main></body></html>`;
    expect(bodyOf(html)).toEqual([lead, ...P]);
  });

  it('drops a short promo tail asking to subscribe or follow', () => {
    const html = page({ body: `${paras(P)}<p>Subscribe to Coast News for unlimited access to local journalism.</p><p>Follow us on Facebook and Instagram.</p><p>Hear Coast FM live at 7am weekdays - or listen back here.</p>` });
    expect(bodyOf(html)).toEqual(P);
  });

  it('drops a long call to follow the site on social media at the end of the body', () => {
    const follow = 'Follow Coast News on Twitter and Instagram @CoastNews and on Facebook @CoastNewsDaily. Send us a message on WhatsApp at 555-0199 or email us at desk@coastnews.example with your story tips, photos and videos from the region.';
    expect(follow.length).toBeGreaterThan(160); // beyond the short-promo rule
    expect(bodyOf(page({ body: `${paras(P)}<p>${follow}</p>` }))).toEqual(P);
    // Reporting that mentions following someone on social media is the article's own text.
    const reported = 'Residents were told to follow the council on Twitter for road closures, and the mayor said updates would be posted there every hour until the water had gone down.';
    expect(bodyOf(page({ body: `${paras(P)}<p>${reported}</p>` }))).toEqual([...P, reported]);
  });

  it('keeps a contributor tagline at the end of the body', () => {
    const html = page({ body: `${paras(P)}<p>The Associated Press contributed to this report.</p>` });
    expect(bodyOf(html)).toEqual([...P, 'The Associated Press contributed to this report.']);
  });

  it('drops byline and date lines', () => {
    const html = page({ top: '<p>By Jane Doe</p><p>Published March 3, 2024</p>' });
    expect(bodyOf(html)).toEqual(P);
  });
});

describe('body: JSON-LD articleBody fallback', () => {
  it('takes the paragraphs from articleBody when the page renders its text with scripts', () => {
    const ld = { '@context': 'https://schema.org', '@type': 'NewsArticle', headline: 'Storm floods coastal towns overnight', articleBody: P.join('\n\n') };
    const html = `<html lang="en"><head><title>Storm floods coastal towns overnight</title>
      <script type="application/ld+json">${JSON.stringify(ld)}</script></head>
      <body><div id="root"></div><script>window.__STATE__ = {"text": "rendered later"};</script></body></html>`;
    const record = extract(html);
    expect(record.paragraphs).toEqual(P);
    expect(record.isArticle).toBe(true);
  });

  it('does not replace a good markup body with a short articleBody', () => {
    const ld = { '@type': 'NewsArticle', articleBody: 'A short summary that is not the article.' };
    const html = page({ head: `<script type="application/ld+json">${JSON.stringify(ld)}</script>` });
    expect(bodyOf(html)).toEqual(P);
  });
});

describe('body: isArticle', () => {
  it('is true for an article page', () => {
    expect(extract(page()).isArticle).toBe(true);
  });

  it('is false for a section front made of teaser cards, with empty body fields', () => {
    const card = (i: number) => `<div class="card"><h3><a href="/story/${i}">Headline of story ${i} on the section front page</a></h3>
      <p><a href="/story/${i}">A one-line summary of story number ${i}, with a few words.</a></p><span>2h ago</span></div>`;
    const html = `<html lang="en"><head><title>World | Coast News</title><meta property="og:type" content="website"><meta property="og:site_name" content="Coast News"></head>
      <body><h1>World</h1><div class="cards">${Array.from({ length: 12 }, (_, i) => card(i)).join('')}</div></body></html>`;
    const record = extract(html);
    expect(record.isArticle).toBe(false);
    expect(record.paragraphs).toEqual([]);
    expect(record.text).toBe('');
    expect(record.byline).toEqual([]);
    expect(record.publishedAt).toBeNull();
    expect(record.title).toBe('World');
    expect(record.siteName).toBe('Coast News');
    expect(record.lang).toBe('en');
  });

  it('is false for an error page (404)', () => {
    const html = `<html lang="en"><head><title>Page not found | Coast News</title></head><body><nav><a href="/">Home</a></nav>
      <h1>404 - Page not found</h1><p>Sorry, we couldn't find that page.</p><p><a href="/">Go to the home page</a></p></body></html>`;
    expect(extract(html).isArticle).toBe(false);
  });

  it('is false for an empty page', () => {
    expect(extract('<html><body></body></html>').isArticle).toBe(false);
  });
});

describe('body: non-English pages', () => {
  it('extracts a German article', () => {
    const de = [
      'Der Sturm hat in der Nacht zahlreiche Straßen an der Küste überflutet und mehr als zweitausend Haushalte ohne Strom gelassen.',
      'Die Einsatzkräfte arbeiteten bis zum Morgen, um umgestürzte Bäume von der Bundesstraße zu räumen, die gegen sieben Uhr wieder frei war.',
      'Der Wetterdienst erwartet für das Wochenende eine Beruhigung der Lage mit schwächerem Wind und nur noch vereinzelten Schauern.',
    ];
    const html = page({ lang: 'de-DE', title: 'Sturm überflutet Küstenorte', body: `${paras(de)}<p>Lesen Sie auch: Hochwasser im Norden</p>` });
    const record = extract(html);
    expect(record.paragraphs).toEqual(de);
    expect(record.lang).toBe('de-DE');
    expect(record.isArticle).toBe(true);
  });

  it('extracts a Japanese article', () => {
    const ja = [
      '台風の影響で、沿岸部の町では夜間に大雨が降り、道路が冠水したほか、二千世帯以上で停電が発生しました。今朝までに一部で復旧が進んでいます。',
      '消防や自治体の職員は夜を徹して倒木の撤去作業を行い、国道は午前七時過ぎに通行が再開されました。住民には引き続き注意が呼びかけられています。',
      '気象台によりますと、週末にかけて天気は回復する見込みで、風も弱まり、南部で時々にわか雨が降る程度になるということです。',
    ];
    const html = page({ lang: 'ja', title: '台風で沿岸の町が冠水', body: paras(ja) });
    const record = extract(html);
    expect(record.paragraphs).toEqual(ja);
    expect(record.lang).toBe('ja');
  });
});
