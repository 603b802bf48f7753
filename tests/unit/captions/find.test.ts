import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../../src/extract/dom.js';
import { findCaptions } from '../../../src/extract/captions/index.js';

const PAGE = 'https://news.test/2024/05/story/';

function scan(body: string, url = PAGE) {
  const $ = parseHtml(`<!doctype html><html><head></head><body>${body}</body></html>`);
  return { $, ...findCaptions($, url) };
}

function captions(body: string, url = PAGE) {
  return scan(body, url).captions;
}

function fixture(name: string) {
  const html = readFileSync(new URL(`../../fixtures/captions/${name}`, import.meta.url), 'utf8');
  const $ = parseHtml(html);
  return { $, ...findCaptions($, PAGE) };
}

describe('caption sources', () => {
  it('reads figure > figcaption with its image', () => {
    expect(captions('<figure><img src="/a.jpg" alt="Alt is not a caption"><figcaption>A boat at sea.</figcaption></figure>')).toEqual([
      { text: 'A boat at sea.', credit: null, imageUrl: 'https://news.test/a.jpg' },
    ]);
  });

  it('reads classic WordPress div.wp-caption > p.wp-caption-text', () => {
    const html = '<div class="wp-caption alignnone"><img src="https://news.test/wp/sand.jpg"><p class="wp-caption-text">Sandbags on Elm St. Photo: Jess T</p></div>';
    expect(captions(html)).toEqual([{ text: 'Sandbags on Elm St.', credit: 'Photo: Jess T', imageUrl: 'https://news.test/wp/sand.jpg' }]);
  });

  it.each([
    ['div', 'class="image-caption"'],
    ['p', 'class="photo-caption"'],
    ['div', 'class="media-caption"'],
    ['span', 'class="img-caption"'],
    ['div', 'class="article__legende"'],
    ['div', 'class="légende"'],
    ['p', 'class="bildunterschrift"'],
    ['p', 'class="pie-de-foto"'],
    ['div', 'class="didascalia"'],
    ['p', 'class="onderschrift"'],
    ['div', 'class="c-caption"'],
    ['p', 'class="caption-text"'],
    ['div', 'class="Caption_caption__x7Yz"'],
    ['p', 'class="styles_caption__abc12"'],
    ['p', 'class="imageCaption"'],
    ['span', 'itemprop="caption"'],
    ['p', 'data-testid="image-caption"'],
  ])('reads <%s %s>', (tag, attr) => {
    const html = `<div class="media"><img src="/x.jpg"><${tag} ${attr}>The harbour at dawn.</${tag}></div><p>${'Body text. '.repeat(30)}</p>`;
    expect(captions(html)).toEqual([{ text: 'The harbour at dawn.', credit: null, imageUrl: 'https://news.test/x.jpg' }]);
  });

  it('reads a caption cell in a table layout (image row, caption row)', () => {
    const html = '<table><tr><td><img src="/t.jpg"></td></tr><tr><td>Square reopens /사진=연합뉴스</td></tr></table>';
    expect(captions(html)).toEqual([{ text: 'Square reopens', credit: '사진=연합뉴스', imageUrl: 'https://news.test/t.jpg' }]);
  });

  it('reads a caption next to the image cell in the same row', () => {
    const html = '<table><tr><td><img src="/t.jpg"></td><td>The old mill in 1920.</td></tr></table>';
    expect(captions(html)).toEqual([{ text: 'The old mill in 1920.', credit: null, imageUrl: 'https://news.test/t.jpg' }]);
  });

  it('does not read data tables without an image', () => {
    expect(captions('<table><tr><td>1</td><td>Harbour City</td></tr><tr><td>2</td><td>Rovers</td></tr></table>')).toEqual([]);
  });

  it('reads dl > dt img + dd caption', () => {
    const html = '<dl><dt><img src="/f.jpg"></dt><dd>Children at the fountain.</dd></dl>';
    expect(captions(html)).toEqual([{ text: 'Children at the fountain.', credit: null, imageUrl: 'https://news.test/f.jpg' }]);
  });

  it('reads amp-img inside a figure', () => {
    const html = '<figure><amp-img src="https://cdn.test/storm.jpg" width="1600" height="900" layout="responsive"></amp-img><figcaption>Trees down. <span class="credit">Picture: Tom</span></figcaption></figure>';
    expect(captions(html)).toEqual([{ text: 'Trees down.', credit: 'Picture: Tom', imageUrl: 'https://cdn.test/storm.jpg' }]);
  });

  it('gives an embed figure caption a null image', () => {
    const html = '<figure class="wp-block-embed is-provider-youtube"><div class="wp-block-embed__wrapper"><iframe src="https://www.youtube.com/embed/abcdefghijk"></iframe></div><figcaption>Drone footage of the river. Video / Riverside Record</figcaption></figure>';
    expect(captions(html)).toEqual([{ text: 'Drone footage of the river.', credit: 'Video / Riverside Record', imageUrl: null }]);
  });

  it('keeps a figcaption whose embed was already removed', () => {
    expect(captions('<figure class="wp-block-embed"><figcaption>A post from the mayor.</figcaption></figure>')).toEqual([
      { text: 'A post from the mayor.', credit: null, imageUrl: null },
    ]);
  });

  it('reads a video caption by class next to a player', () => {
    const html = '<div class="video-player"><div class="player"></div><p class="video-caption">Watch the launch.</p></div>';
    expect(captions(html)).toEqual([{ text: 'Watch the launch.', credit: null, imageUrl: null }]);
  });

  it('reads gallery and slideshow captions with their lightbox copies (fixture)', () => {
    const { captions: found } = fixture('gallery-lightbox.html');
    expect(found).toEqual([
      { text: 'Lanterns float across the lake at dusk.', credit: 'Photo / Ana Reyes', imageUrl: 'https://news.test/img/lanterns-1.jpg' },
      { text: "'We come every year,' said Mere, 8.", credit: 'Photo / Ana Reyes', imageUrl: 'https://news.test/img/lanterns-2.jpg' },
      { text: 'The main stage.', credit: 'Photo / Ana Reyes', imageUrl: 'https://news.test/img/stage-a.jpg' },
      { text: 'The main stage.', credit: 'Photo / Lee Park', imageUrl: 'https://news.test/img/stage-b.jpg' },
    ]);
  });

  it('reads table and list layouts on a Korean page (fixture)', () => {
    expect(fixture('korean-table.html').captions).toEqual([
      { text: '다시 문을 연 광화문 광장의 모습', credit: '사진=연합뉴스', imageUrl: 'https://img.news.test/2022/08/06/square.jpg' },
      { text: '분수대에서 물놀이를 하는 어린이들', credit: '사진 제공=서울시', imageUrl: 'https://news.test/2022/08/06/fountain.jpg' },
    ]);
  });

  it('reads Next.js hashed classes, Arc captions and data-testid (fixture)', () => {
    expect(fixture('nextjs-arc.html').captions).toEqual([
      { text: 'Traffic crosses the bridge on Monday morning.', credit: 'Jo Bloggs/Metro', imageUrl: 'https://cdn.metro.test/media/bridge-1600.jpg' },
      { text: 'Repair crews worked through the night.', credit: 'AP Photo/Sam Lee', imageUrl: 'https://cdn.metro.test/media/crew.jpg' },
      { text: 'Watch: the first cars cross the bridge.', credit: null, imageUrl: null },
      { text: 'Mayor Ana Ruiz at the reopening.', credit: 'Getty Images', imageUrl: 'https://cdn.metro.test/media/mayor.jpg' },
    ]);
  });
});

describe('real-world markup', () => {
  it('leaves out screen-reader labels ("Image caption", "Image:")', () => {
    const html = `<figure><div class="js-delayed-image-load" data-src="https://cdn.test/p/976/pic.jpg"></div>
      <span class="off-screen">Image copyright</span><span class="story-image-copyright">Getty Images</span>
      <figcaption class="media-caption"><span class="off-screen">Image caption</span><span class="media-caption__text">The singer on stage.</span></figcaption></figure>`;
    expect(captions(html)).toEqual([{ text: 'The singer on stage.', credit: 'Getty Images', imageUrl: 'https://cdn.test/p/976/pic.jpg' }]);
  });

  it('leaves out slide counters and "more/less" toggles with their truncated copy', () => {
    const html = `<figure><img src="/s1.jpg"><figcaption><span class="count">1<span>of</span>4</span>
      <div class="caption-full">Shoppers look at cords. <a class="more-caption">less</a></div>
      <div class="caption-truncated">Shoppers look… <a class="more-caption">more</a></div></figcaption></figure>`;
    expect(captions(html)).toEqual([{ text: 'Shoppers look at cords.', credit: null, imageUrl: 'https://news.test/s1.jpg' }]);
  });

  it('leaves out "hide caption" and "enlarge" controls (NPR style)', () => {
    const html = `<figure><img src="/n.jpg"><div class="caption"><p>Protesters gather downtown.</p><span class="credit">Jane Doe/NPR</span>
      <b class="hide-caption"><b>hide caption</b></b></div><b class="toggle-caption"><b>toggle caption</b></b><a class="enlargebtn">Enlarge this image</a></figure>`;
    expect(captions(html)).toEqual([{ text: 'Protesters gather downtown.', credit: 'Jane Doe/NPR', imageUrl: 'https://news.test/n.jpg' }]);
  });

  it('skips teaser cards whose caption sits in a link to another page', () => {
    const html = `<a href="/video/other-story" class="watch-now"><div><img src="/t.jpg"></div><div class="watch-now-caption">Other story</div></a>
      <figure><a href="/promo"><img src="/p.jpg"></a><figcaption><a href="/subscribe">Subscribe to our magazine</a> today</figcaption></figure>`;
    expect(scan(html)).toMatchObject({ captions: [], nodes: [] });
  });

  it('keeps a lightbox link around the image', () => {
    const html = '<figure><a href="/img/big.jpg"><img src="/img/small.jpg"></a><figcaption>The pier.</figcaption></figure>';
    expect(captions(html)).toEqual([{ text: 'The pier.', credit: null, imageUrl: 'https://news.test/img/small.jpg' }]);
  });

  it('skips author cards and promos dressed as figures', () => {
    const html = '<figure class="inline-author-card"><img src="/a.jpg"><figcaption class="inline-author-card__text">Jane Doe is a senior fellow.</figcaption></figure>';
    expect(captions(html)).toEqual([]);
  });

  it('finds the image block right before a caption in a long container', () => {
    const html = `<div id="content"><h1>Title</h1><p>${'Lead text. '.repeat(30)}</p><div class="entry-image"><img src="/lead.jpg"></div>
      <div class="featured-image-caption"><p>Cells on a production line.</p><p><i>Image: Hanwha</i></p></div><p>${'Body. '.repeat(40)}</p></div>`;
    expect(captions(html)).toEqual([{ text: 'Cells on a production line.', credit: 'Image: Hanwha', imageUrl: 'https://news.test/lead.jpg' }]);
  });

  it('attaches a credit block standing next to its caption', () => {
    const html = `<div class="asset"><div class="image"><img src="/q.jpg"></div><div class="image-meta"><div class="image-caption">Quarterback Mike Glass III</div>
      <div class="image-credit">Al Goldis, Associated Press</div></div></div><div class="attribution">Detroit News wire services</div><p>${'Body. '.repeat(40)}</p>`;
    const { captions: found, nodes } = scan(html);
    expect(found).toEqual([{ text: 'Quarterback Mike Glass III', credit: 'Al Goldis, Associated Press', imageUrl: 'https://news.test/q.jpg' }]);
    expect(nodes.map((n) => n.attribs['class'])).toEqual(['image-caption', 'image-credit']);
  });

  it('does not take a "caption-source" wrapper holding the caption as its credit', () => {
    const html = '<span class="image"><img src="/r.jpg"><span class="caption-source"><span class="caption">The road is long.</span><span class="source">Kathrin Z/Getty</span></span></span>';
    expect(captions(html)[0]).toMatchObject({ text: 'The road is long.', imageUrl: 'https://news.test/r.jpg' });
  });

  it('drops a caption that is only a credit', () => {
    expect(captions('<figure><img src="/a.jpg"><figcaption>Patrick Semansky, ASSOCIATED PRESS</figcaption></figure>')).toEqual([]);
  });
});

describe('credit elements', () => {
  it.each([
    ['<span class="credit">Getty Images</span>', 'Getty Images'],
    ['<span class="caption-credit">(AP Photo/Evan Vucci)</span>', 'AP Photo/Evan Vucci'],
    ['<span class="photo-credit">Photo: AP</span>', 'Photo: AP'],
    ['<small class="copyright">© Jane Doe</small>', '© Jane Doe'],
    ['<span itemprop="copyrightHolder">Reuters</span>', 'Reuters'],
    ['<span itemprop="creditText">Photo / Supplied</span>', 'Photo / Supplied'],
    ['<span class="byline">Jane Doe</span>', 'Jane Doe'],
    ['<small>Jane Doe</small>', 'Jane Doe'],
    ['<cite>Jane Doe/Outlet</cite>', 'Jane Doe/Outlet'],
  ])('takes the credit from %s inside the caption', (credit, expected) => {
    const html = `<figure><img src="/a.jpg"><figcaption>A boat at sea. ${credit}</figcaption></figure>`;
    expect(captions(html)).toEqual([{ text: 'A boat at sea.', credit: expected, imageUrl: 'https://news.test/a.jpg' }]);
  });

  it('takes the credit from div.image-credit inside the figure but outside the figcaption', () => {
    const { captions: found, nodes } = scan('<figure><img src="/a.jpg"><figcaption>A boat at sea.</figcaption><div class="image-credit">Photo / Supplied</div></figure>');
    expect(found).toEqual([{ text: 'A boat at sea.', credit: 'Photo / Supplied', imageUrl: 'https://news.test/a.jpg' }]);
    expect(nodes.map((n) => n.name)).toEqual(['figcaption', 'div']);
  });

  it('keeps the label of a credit written in a separate element', () => {
    const html = '<figure><img src="/a.jpg"><figcaption><span class="text">Lake at night.</span> <span class="credit">© Photo Jean Dupuis</span></figcaption></figure>';
    expect(captions(html)[0]?.credit).toBe('© Photo Jean Dupuis');
  });

  it('ignores a copyright line away from any figure', () => {
    const { captions: found, nodes } = scan('<p>Story.</p><footer><p class="footer__copyright">© 2024 News Ltd</p></footer>');
    expect(found).toEqual([]);
    expect(nodes).toEqual([]);
  });
});

describe('not captions', () => {
  it('ignores alt text, og:* and JSON-LD captions', () => {
    const $ = parseHtml(`<html><head><meta property="og:image:alt" content="A boat"><meta property="og:description" content="A boat at sea.">
      <script type="application/ld+json">{"image":{"@type":"ImageObject","caption":"A boat at sea."}}</script></head>
      <body><img src="/a.jpg" alt="A boat at sea."><p>Story text.</p></body></html>`);
    expect(findCaptions($, PAGE)).toEqual({ captions: [], nodes: [] });
  });

  it('ignores caption controls and table captions', () => {
    const html = '<button class="caption-toggle">Hide caption</button><span class="caption-btn">Show</span><table><caption>Results</caption><tr><td>1</td></tr></table>';
    expect(scan(html).captions).toEqual([]);
  });

  it('does not treat a wrapper holding images as a caption', () => {
    const html = '<div class="has-caption"><img src="/a.jpg"><p class="caption">The pier.</p></div>';
    const { captions: found, nodes } = scan(html);
    expect(found).toEqual([{ text: 'The pier.', credit: null, imageUrl: 'https://news.test/a.jpg' }]);
    expect(nodes.map((n) => n.name)).toEqual(['p']);
  });

  it('does not treat a pull-quote figure as a caption', () => {
    expect(captions('<figure><blockquote><p>We will rebuild.</p></blockquote><figcaption>— Mayor Ruiz</figcaption></figure>')).toEqual([]);
  });

  it('does not read a long body block with a caption-like class', () => {
    const body = '<p>Para.</p>'.repeat(8);
    expect(captions(`<div class="article-caption-area">${body}<h2>Sub</h2></div>`)).toEqual([]);
  });

  it('drops a caption-classed element with no image, figure or video near it', () => {
    expect(captions(`<div class="sidebar"><span class="caption">Trending now</span></div><p>${'Body. '.repeat(50)}</p>`)).toEqual([]);
  });
});

describe('dedup', () => {
  const img = (n: number) => `https://news.test/img/${n}.jpg`;

  it('merges a hidden lightbox copy and takes its credit', () => {
    const html = `<figure><img src="${img(1)}"><figcaption>Crowds gather.</figcaption></figure>
      <div class="lightbox" hidden><div class="lightbox__item"><img data-src="${img(1)}"><div class="lightbox__caption">Crowds gather. Photo / Hemi Walker</div></div></div>`;
    const { captions: found, nodes } = scan(html);
    expect(found).toEqual([{ text: 'Crowds gather.', credit: 'Photo / Hemi Walker', imageUrl: img(1) }]);
    expect(nodes).toHaveLength(2);
  });

  it('merges a mobile copy without an image', () => {
    const html = `<figure><img src="${img(1)}"><figcaption>Kim at the White House. <span class="caption__credit">Photo / Twitter</span></figcaption></figure>
      <div class="caption caption--mobile" aria-hidden="true">Kim at the White House. Photo / Twitter</div><p>${'Body. '.repeat(50)}</p>`;
    const { captions: found, nodes } = scan(html);
    expect(found).toEqual([{ text: 'Kim at the White House.', credit: 'Photo / Twitter', imageUrl: img(1) }]);
    expect(nodes.map((n) => n.name)).toEqual(['figcaption', 'div']);
  });

  it('keeps the position of a first, image-less copy and fills in the image', () => {
    const html = `<div class="caption caption--mobile">The pier at dawn.</div><p>${'Body. '.repeat(50)}</p>
      <figure><img src="${img(2)}"><figcaption>An earlier figure.</figcaption></figure>
      <figure><img src="${img(1)}"><figcaption>The pier at dawn.</figcaption></figure>`;
    expect(captions(html)).toEqual([
      { text: 'The pier at dawn.', credit: null, imageUrl: img(1) },
      { text: 'An earlier figure.', credit: null, imageUrl: img(2) },
    ]);
  });

  it('merges curly and straight quotes', () => {
    const html = `<figure><img src="${img(1)}"><figcaption>“It’s the best,” she said.</figcaption></figure>
      <figure><img src="${img(1)}"><figcaption>"It's the best," she said.</figcaption></figure>`;
    expect(captions(html)).toEqual([{ text: `"It's the best," she said.`, credit: null, imageUrl: img(1) }]);
  });

  it('merges a glued credit with a separate credit element', () => {
    const html = `<figure><img src="${img(1)}"><figcaption>The barge. Photo / Sarah Lin</figcaption></figure>
      <figure><img src="${img(1)}"><figcaption>The barge. <span class="credit">Photo / Sarah Lin</span></figcaption></figure>`;
    expect(captions(html)).toEqual([{ text: 'The barge.', credit: 'Photo / Sarah Lin', imageUrl: img(1) }]);
  });

  it('takes the credit from whichever copy has one', () => {
    const html = `<figure><img src="${img(1)}"><figcaption>The drone show.</figcaption></figure>
      <figure><img src="${img(1)}"><figcaption>The drone show. Photo / Supplied</figcaption></figure>`;
    expect(captions(html)).toEqual([{ text: 'The drone show.', credit: 'Photo / Supplied', imageUrl: img(1) }]);
  });

  it('merges copies that differ by white space and a trailing nbsp', () => {
    const html = `<figure><img src="${img(1)}"><figcaption>Families   pack up\n after the show.</figcaption></figure>
      <figure><img src="${img(1)}"><figcaption>Families pack up after the show.&nbsp;</figcaption></figure>`;
    expect(captions(html)).toEqual([{ text: 'Families pack up after the show.', credit: null, imageUrl: img(1) }]);
  });

  it('merges NFD and NFC spellings', () => {
    const html = `<figure><img src="${img(1)}"><figcaption>Caf\u0065\u0301 at noon.</figcaption></figure>
      <figure><img src="${img(1)}"><figcaption>Caf\u00e9 at noon.</figcaption></figure>`;
    expect(captions(html)).toEqual([{ text: 'Caf\u00e9 at noon.', credit: null, imageUrl: img(1) }]);
  });

  it('keeps the same text under two different images with different credits as two captions', () => {
    const html = `<figure><img src="${img(1)}"><figcaption>The main stage. Photo / Ana Reyes</figcaption></figure>
      <figure><img src="${img(2)}"><figcaption>The main stage. Photo / Lee Park</figcaption></figure>`;
    expect(captions(html)).toEqual([
      { text: 'The main stage.', credit: 'Photo / Ana Reyes', imageUrl: img(1) },
      { text: 'The main stage.', credit: 'Photo / Lee Park', imageUrl: img(2) },
    ]);
  });

  it('treats two sizes of one picture as the same image', () => {
    const html = `<figure><img src="https://news.test/img/pier_620x349.jpg"><figcaption>The pier.</figcaption></figure>
      <figure><img src="https://news.test/img/pier_300x169.jpg?w=300"><figcaption>The pier.</figcaption></figure>`;
    expect(captions(html)).toHaveLength(1);
  });
});

describe('imageUrl', () => {
  const fig = (img: string) => `<figure>${img}<figcaption>A caption.</figcaption></figure>`;
  const imageOf = (img: string, url = PAGE) => captions(fig(img), url)[0]?.imageUrl;

  it.each([
    ['data-src over a data: URI src', '<img src="data:image/gif;base64,R0lGOD" data-src="/real.jpg">', 'https://news.test/real.jpg'],
    ['data-src over a blank.gif src', '<img src="/static/blank.gif" data-src="/real.jpg">', 'https://news.test/real.jpg'],
    ['data-lazy-src over an svg placeholder', `<img src="data:image/svg+xml,%3Csvg%3E%3C/svg%3E" data-lazy-src="/real.jpg">`, 'https://news.test/real.jpg'],
    ['data-original over a placeholder name', '<img src="/images/placeholder-300x169.png" data-original="/real.jpg">', 'https://news.test/real.jpg'],
    ['img src over source srcset', '<picture><source srcset="/a.webp 1x"><img src="/a.jpg"></picture>', 'https://news.test/a.jpg'],
    ['source srcset when img has only a placeholder', '<picture><source srcset="/a-640.webp 640w, /a-1280.webp 1280w"><img src="data:image/gif;base64,R0"></picture>', 'https://news.test/a-1280.webp'],
    ['img srcset when src is missing', '<img srcset="/s.jpg 480w, /l.jpg 1024w">', 'https://news.test/l.jpg'],
    ['a noscript copy when the lazy img has no real URL', '<img class="lazy" src="data:image/gif;base64,R0"><noscript><img src="/ns.jpg"></noscript>', 'https://news.test/ns.jpg'],
    ['amp-img src', '<amp-img src="/amp.jpg" width="10" height="10"></amp-img>', 'https://news.test/amp.jpg'],
    ['a protocol-relative src', '<img src="//cdn.test/p.jpg">', 'https://cdn.test/p.jpg'],
    ['null when there is no image', '<div class="player"></div>', null],
    ['null for a tracking pixel only', '<img src="/px.gif" width="1" height="1">', null],
  ])('%s', (_name, img, expected) => {
    expect(imageOf(img)).toBe(expected);
  });

  it('resolves against <base href>', () => {
    const $ = parseHtml(`<html><head><base href="https://cdn.test/media/"></head><body>${fig('<img src="pic.jpg">')}</body></html>`);
    expect(findCaptions($, PAGE).captions[0]?.imageUrl).toBe('https://cdn.test/media/pic.jpg');
  });

  it('does not take an image from the surrounding body', () => {
    const html = `<div class="story"><img src="/lead.jpg"><p>${'Long body paragraph. '.repeat(20)}</p><div class="video-caption">Watch the launch.</div></div>`;
    expect(captions(html)).toEqual([{ text: 'Watch the launch.', credit: null, imageUrl: null }]);
  });
});

describe('nodes', () => {
  it('lists caption and credit elements, never the article container', () => {
    const html = `<article><h1>T</h1><figure><img src="/a.jpg"><figcaption>Cap. <span class="credit">AP</span></figcaption><p class="photo-credit">Getty</p></figure><p>Body.</p></article>`;
    const { $, nodes } = scan(html);
    expect(nodes.map((n) => n.name)).toEqual(['figcaption', 'p']);
    $(nodes).remove();
    expect($('article').text()).toBe('TBody.');
  });

  it('lists a figure credit even when the figure has no caption', () => {
    const { captions: found, nodes } = scan('<figure><img src="/a.jpg"><span class="credit">Photo: AP</span></figure>');
    expect(found).toEqual([]);
    expect(nodes.map((n) => n.name)).toEqual(['span']);
  });
});
