import { describe, expect, it } from 'vitest';
import { blank, embedsOf, only, scan, textWithoutNodes } from './helpers.js';

const TWEET = `<blockquote class="twitter-tweet" data-lang="en"><p lang="en" dir="ltr">Flood waters are rising on Elm St. Stay away ’til noon <a href="https://twitter.com/hashtag/flood?src=hash&amp;ref_src=twsrc%5Etfw">#flood</a> <a href="https://t.co/AbC123xyz">pic.twitter.com/AbC123xyz</a></p>&mdash; Riverside Police (@RiversidePD) <a href="https://twitter.com/RiversidePD/status/1790375218400526336?ref_src=twsrc%5Etfw">May 14, 2024</a></blockquote> <script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>`;

describe('x: official blockquote', () => {
  it('reads id, canonical url, author, handle, text, date and media', () => {
    expect(only(TWEET)).toEqual({
      platform: 'x',
      url: 'https://x.com/RiversidePD/status/1790375218400526336',
      id: '1790375218400526336',
      author: 'Riverside Police',
      handle: 'RiversidePD',
      text: "Flood waters are rising on Elm St. Stay away 'til noon #flood",
      publishedAt: '2024-05-14',
      media: ['https://pic.twitter.com/AbC123xyz'],
    });
  });

  it('keeps a trailing t.co link in the text and moves only pic links to media', () => {
    const e = only(`<blockquote class="twitter-tweet"><p>Statement: <a href="https://t.co/Jd8Kq2">https://t.co/Jd8Kq2</a> <a href="https://t.co/W">pic.twitter.com/Wq3Er5</a></p>&mdash; A B (@ab) <a href="https://twitter.com/ab/status/123456789">October 11, 2025</a></blockquote>`);
    expect(e.text).toBe('Statement: https://t.co/Jd8Kq2');
    expect(e.media).toEqual(['https://pic.twitter.com/Wq3Er5']);
  });

  it('parses localized footer dates', () => {
    const fr = only(`<blockquote class="twitter-tweet" data-lang="fr"><p>Merci !</p>&mdash; Mairie (@Mairie) <a href="https://twitter.com/Mairie/status/1735585101236830546">15 décembre 2023</a></blockquote>`);
    expect(fr.publishedAt).toBe('2023-12-15');
    const de = only(`<blockquote class="twitter-tweet" data-lang="de"><p>Danke</p>&mdash; Stadt (@stadt) <a href="https://twitter.com/stadt/status/1044567890123456789">25. September 2018</a></blockquote>`);
    expect(de.publishedAt).toBe('2018-09-25');
    const ko = only(`<blockquote class="twitter-tweet" data-lang="ko"><p>감사합니다</p>&mdash; 시청 (@city) <a href="https://twitter.com/city/status/1786543210987654321">2024년 5월 3일</a></blockquote>`);
    expect(ko.publishedAt).toBe('2024-05-03');
  });

  it('handles a wpautop footer in its own <p> and the script in another', () => {
    const e = only(`<blockquote class="twitter-tweet"><p lang="de">Heute ist ein guter Tag</p><p>&mdash; Basic Thinking (@basicthinking) <a href="https://twitter.com/basicthinking/status/1044567890123456780">25. September 2018</a></p></blockquote><p><script async src="https://platform.twitter.com/widgets.js"></script></p>`);
    expect(e.text).toBe('Heute ist ein guter Tag');
    expect(e.author).toBe('Basic Thinking');
    expect(e.handle).toBe('basicthinking');
  });

  it('reads a bare blockquote with only a link', () => {
    expect(only(`<blockquote class="twitter-tweet"><a href="https://twitter.com/someone/status/987654321987654321"></a></blockquote>`)).toEqual({
      ...blank('x', '987654321987654321', 'https://x.com/someone/status/987654321987654321'),
      handle: 'someone',
    });
  });
});

describe('x: canonical URL folding', () => {
  it.each([
    ['https://twitter.com/Acme/status/1111111111?ref_src=twsrc%5Etfw', 'https://x.com/Acme/status/1111111111'],
    ['https://mobile.twitter.com/Acme/statuses/1111111111', 'https://x.com/Acme/status/1111111111'],
    ['https://x.com/Acme/status/1111111111/photo/1', 'https://x.com/Acme/status/1111111111'],
    ['http://www.twitter.com/Acme/status/1111111111#frag', 'https://x.com/Acme/status/1111111111'],
    ['https://twitter.com/#!/Acme/status/1111111111', 'https://x.com/Acme/status/1111111111'],
    ['https://twitter.com/i/web/status/1111111111', 'https://x.com/i/status/1111111111'],
  ])('%s → %s', (href, url) => {
    const e = only(`<blockquote class="twitter-tweet"><p>hi</p><a href="${href}">x</a></blockquote>`);
    expect(e.url).toBe(url);
    expect(e.id).toBe('1111111111');
  });
});

describe('x: other shapes', () => {
  it('amp-twitter with a placeholder blockquote merges into one entry', () => {
    const embeds = embedsOf(`<amp-twitter width="375" height="472" data-tweetid="1813765720348512399"><blockquote placeholder class="twitter-tweet"><p>Power is back</p>&mdash; Power Co (@PowerCo) <a href="https://twitter.com/PowerCo/status/1813765720348512399">July 18, 2024</a></blockquote></amp-twitter>`);
    expect(embeds).toHaveLength(1);
    expect(embeds[0]).toMatchObject({ url: 'https://x.com/PowerCo/status/1813765720348512399', text: 'Power is back', author: 'Power Co', publishedAt: '2024-07-18' });
  });

  it('amp-twitter alone gives the handle-less URL', () => {
    expect(only(`<amp-twitter data-tweetid="1813765720348512399"></amp-twitter>`).url).toBe('https://x.com/i/status/1813765720348512399');
  });

  it('rendered iframe gives the id only; settings iframes are ignored', () => {
    const r = scan(`<div class="twitter-tweet twitter-tweet-rendered"><iframe id="twitter-widget-0" src="https://platform.twitter.com/embed/Tweet.html?dnt=false&amp;id=1752398140275261440&amp;lang=en" data-tweet-id="1752398140275261440"></iframe></div>
      <iframe src="https://platform.twitter.com/widgets/widget_iframe.2615f7e52b7e0.html?origin=https%3A%2F%2Fnews.example" style="display:none"></iframe>
      <iframe src="https://syndication.twitter.com/i/jot"></iframe>`);
    expect(r.embeds).toEqual([blank('x', '1752398140275261440', 'https://x.com/i/status/1752398140275261440')]);
    expect(r.nodes.map((n) => n.name)).toEqual(['div']);
  });

  it('WordPress wrapper with a bare URL', () => {
    const r = scan(`<figure class="wp-block-embed is-provider-twitter"><div class="wp-block-embed__wrapper">
https://twitter.com/RiversidePolice/status/1790375218400526336
</div><figcaption class="wp-element-caption">Police update</figcaption></figure>`);
    expect(r.embeds[0]?.url).toBe('https://x.com/RiversidePolice/status/1790375218400526336');
    expect(r.nodes.map((n) => n.attribs['class'])).toEqual(['wp-block-embed__wrapper']);
    expect(textWithoutNodes(r)).toBe('Police update');
  });

  it('a quote tweet and the tweet it quotes are two entries, outer first', () => {
    const embeds = embedsOf(`<blockquote class="twitter-tweet"><p>Look at this</p>&mdash; Outer (@outer) <a href="https://twitter.com/outer/status/2000000000000000001">March 1, 2024</a><blockquote class="twitter-tweet"><p>Original words</p>&mdash; Inner (@inner) <a href="https://twitter.com/inner/status/2000000000000000000">February 29, 2024</a></blockquote></blockquote>`);
    expect(embeds.map((e) => [e.id, e.handle, e.text, e.publishedAt])).toEqual([
      ['2000000000000000001', 'outer', 'Look at this', '2024-03-01'],
      ['2000000000000000000', 'inner', 'Original words', '2024-02-29'],
    ]);
  });

  it('merges the same tweet embedded twice in different URL forms', () => {
    const embeds = embedsOf(`<blockquote class="twitter-tweet"><a href="https://x.com/i/status/1768967304201183232"></a></blockquote>
      <blockquote class="twitter-tweet"><p>GOAL <a href="https://t.co/R">pic.twitter.com/Rk4Lm9Qz2W</a></p>&mdash; Portside FC (@PortsideFC) <a href="https://mobile.twitter.com/PortsideFC/statuses/1768967304201183232">March 16, 2024</a></blockquote>`);
    expect(embeds).toHaveLength(1);
    expect(embeds[0]).toMatchObject({ url: 'https://x.com/PortsideFC/status/1768967304201183232', author: 'Portside FC', text: 'GOAL', media: ['https://pic.twitter.com/Rk4Lm9Qz2W'] });
  });

  it('widget scripts and share links are not embeds', () => {
    expect(embedsOf(`<script async src="https://platform.twitter.com/widgets.js"></script><a href="https://twitter.com/intent/tweet?url=x">Tweet</a><a href="https://twitter.com/someone">@someone</a>`)).toEqual([]);
  });

  it('nodes cover the fallback text but not the body quote of it', () => {
    const r = scan(`<p>"Flood waters are rising," police said.</p>${TWEET}<p>After.</p>`);
    expect(textWithoutNodes(r)).toBe('"Flood waters are rising," police said. After.');
  });
});
