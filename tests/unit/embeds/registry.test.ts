import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseHtml } from '../../../src/extract/dom.js';
import { EMBED_MODULES, findEmbeds } from '../../../src/extract/embeds/index.js';
import { EMBED_PLATFORMS } from '../../../src/record.js';
import { embedsOf, scan } from './helpers.js';

describe('registry', () => {
  it('has one module per platform, other last', () => {
    expect(EMBED_MODULES.map((m) => m.platform).sort()).toEqual([...EMBED_PLATFORMS].sort());
    expect(EMBED_MODULES[EMBED_MODULES.length - 1]?.platform).toBe('other');
  });
});

describe('findEmbeds', () => {
  it('keeps document order of first appearance across platforms and shapes', () => {
    const embeds = embedsOf(`<iframe src="https://www.youtube.com/embed/Hp4Tz8Wq1Ls"></iframe>
      <blockquote class="twitter-tweet"><p>one</p>&mdash; A (@a) <a href="https://twitter.com/a/status/1976958815526117624">October 11, 2025</a></blockquote>
      <iframe src="https://www.youtube.com/embed/Hp4Tz8Wq1Ls?start=5"></iframe>
      <iframe src="https://open.spotify.com/embed/show/4pXq7nR2vT9kLm3Wc8Yz1B"></iframe>`);
    expect(embeds.map((e) => e.platform)).toEqual(['youtube', 'x', 'spotify']);
  });

  it('nodes are outermost only and never the article container', () => {
    const r = scan(`<p>Body text that is long enough to be an article paragraph and not a notice.</p><div class="embed embed--twitter"><blockquote class="twitter-tweet"><p>hi</p><a href="https://twitter.com/a/status/123456789">May 1, 2024</a></blockquote><script async src="https://platform.twitter.com/widgets.js"></script></div>`);
    expect(r.nodes.map((n) => `${n.name}.${n.attribs['class'] ?? ''}`)).toEqual(['div.embed embed--twitter']);
  });

  it('an article container that reuses an embed class is not an embed', () => {
    const long = '<p>' + 'Words of the article itself. '.repeat(150) + '</p>';
    const r = scan(`<div class="instagram-media post-template-content">${long}<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/CFpGqZwl9j5/"><p><a href="https://www.instagram.com/p/CFpGqZwl9j5/">A post shared by Z (@z)</a></p></blockquote>${long}</div>`);
    expect(r.embeds.map((e) => [e.id, e.text])).toEqual([['CFpGqZwl9j5', null]]);
    expect(r.nodes.map((n) => n.name)).toEqual(['blockquote']);
  });

  it('an empty or text-only document has no embeds', () => {
    expect(findEmbeds(parseHtml(''), 'https://a.example/')).toEqual({ embeds: [], nodes: [] });
    expect(findEmbeds(parseHtml('just text'), 'https://a.example/')).toEqual({ embeds: [], nodes: [] });
  });
});

// Markup pieces that exercise every module, to be shuffled, cut and nested at random.
const PIECES = [
  '<blockquote class="twitter-tweet"><p>t</p>&mdash; N (@h) <a href="https://twitter.com/h/status/123456789">May 1, 2024</a></blockquote>',
  '<amp-twitter data-tweetid="123456789">', '<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/ABCDE12345/">',
  '<p>A post shared by X (@x) on <time datetime="2020-01-01">', '<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@u/video/123456789012">',
  '<div class="fb-post" data-href="https://www.facebook.com/p/posts/12345678">', '<blockquote class="fb-xfbml-parse-ignore">',
  '<iframe src="https://www.youtube.com/embed/abcdefghijk">', '<iframe data-lazy-src="https://player.vimeo.com/video/12345">',
  '<blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:abc/app.bsky.feed.post/3abc">', '<blockquote class="text-post-media" data-text-post-permalink="https://www.threads.net/@u/post/ABCDE">',
  '<blockquote class="mastodon-embed" data-embed-url="https://m.example/@u/1234567/embed">', '<blockquote class="reddit-embed-bq"><a href="https://www.reddit.com/r/a/comments/abc12/x/">',
  '<noscript>', '</noscript>', '<template>', '</template>', '<script type="text/template">', '<script type="application/json">{"html":"\\u003Ciframe src=\\"https://www.youtube.com/embed/abcdefghijk\\"', '</script>',
  '<div class="wp-block-embed__wrapper">https://twitter.com/a/status/99999999</div>', '</blockquote>', '</div>', '</p>', '<p>', '&mdash;', '(@', '&lt;iframe', '"', "'", '\\', '<a href="https://x.com/i/status/77777777">',
];

describe('robustness', () => {
  it('survives very deep nesting', () => {
    const deep = '<div>'.repeat(30000) + '<iframe src="https://www.youtube.com/embed/abcdefghijk"></iframe>' + '</div>'.repeat(30000);
    const r = findEmbeds(parseHtml(deep), 'https://news.example/a');
    expect(r.embeds.map((e) => e.id)).toEqual(['abcdefghijk']);
  });

  it('never throws on random or mutated markup', () => {
    const arb = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.array(fc.constantFrom(...PIECES), { maxLength: 25 }).map((parts) => parts.join('')),
      fc.tuple(fc.array(fc.constantFrom(...PIECES), { maxLength: 15 }), fc.string({ maxLength: 40 }), fc.nat()).map(([parts, junk, at]) => {
        const s = parts.join('');
        const i = s.length === 0 ? 0 : at % s.length;
        return s.slice(0, i) + junk + s.slice(i);
      }),
    );
    fc.assert(
      fc.property(arb, (html) => {
        const result = findEmbeds(parseHtml(html), 'https://news.example/a');
        for (const e of result.embeds) {
          expect(e.id).not.toBe('');
          expect(e.url.startsWith('https://')).toBe(true);
        }
        const keys = result.embeds.map((e) => `${e.platform}:${e.id}`);
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: 400 },
    );
  });
});
