import { describe, expect, it } from 'vitest';
import { blank, embedsOf, only, scan, textWithoutNodes } from './helpers.js';

describe('youtube', () => {
  it.each([
    ['<iframe src="https://www.youtube.com/embed/Lk9mN3bV7cX?si=Zx9pQ2rT7w"></iframe>'],
    ['<iframe src="https://www.youtube-nocookie.com/embed/Lk9mN3bV7cX?rel=0"></iframe>'],
    ['<iframe src="//www.youtube.com/embed/Lk9mN3bV7cX"></iframe>'],
    ['<amp-youtube data-videoid="Lk9mN3bV7cX" layout="responsive" width="480" height="270"></amp-youtube>'],
    ['<lite-youtube videoid="Lk9mN3bV7cX"></lite-youtube>'],
    ['<object width="425" height="344"><param name="movie" value="http://www.youtube.com/v/Lk9mN3bV7cX&amp;hl=en&amp;fs=1"></param><embed src="http://www.youtube.com/v/Lk9mN3bV7cX&amp;hl=en&amp;fs=1" type="application/x-shockwave-flash"></embed></object>'],
    ['<iframe loading="lazy" src="about:blank" data-lazy-src="https://www.youtube.com/embed/Lk9mN3bV7cX?feature=oembed"></iframe><noscript><iframe src="https://www.youtube.com/embed/Lk9mN3bV7cX?feature=oembed"></iframe></noscript>'],
    ['<iframe class="lazyload" data-src="https://www.youtube.com/embed/Lk9mN3bV7cX"></iframe>'],
  ])('%s', (html) => {
    expect(embedsOf(html)).toEqual([blank('youtube', 'Lk9mN3bV7cX', 'https://www.youtube.com/watch?v=Lk9mN3bV7cX')]);
  });

  it('merges ?start= copies, ignores playlists and thumbnails', () => {
    expect(embedsOf(`<iframe src="https://www.youtube.com/embed/Lk9mN3bV7cX"></iframe><iframe src="https://www.youtube.com/embed/Lk9mN3bV7cX?start=42"></iframe>
      <iframe src="https://www.youtube.com/embed/videoseries?list=PL123"></iframe><img data-src="https://i.ytimg.com/vi/Lk9mN3bV7cX/hqdefault.jpg">`)).toHaveLength(1);
  });

  it('lazy iframe and its noscript copy: one node, the wrapper, not the figcaption', () => {
    const r = scan(`<figure class="wp-block-embed is-provider-youtube"><div class="wp-block-embed__wrapper">
<iframe src="about:blank" data-lazy-src="https://www.youtube.com/embed/pQ7vX2nR9sE?feature=oembed"></iframe><noscript><iframe src="https://www.youtube.com/embed/pQ7vX2nR9sE?feature=oembed"></iframe></noscript>
</div><figcaption class="wp-element-caption">Drone footage. Video / Riverside Record</figcaption></figure>`);
    expect(r.embeds).toHaveLength(1);
    expect(r.nodes.map((n) => n.attribs['class'])).toEqual(['wp-block-embed__wrapper']);
    expect(textWithoutNodes(r)).toBe('Drone footage. Video / Riverside Record');
  });
});

describe('vimeo', () => {
  it('player iframe keeps the id only; amp-vimeo; bare link', () => {
    expect(only(`<iframe src="https://player.vimeo.com/video/907654321?h=9f3c2a1b7e&amp;title=0"></iframe>`)).toEqual(blank('vimeo', '907654321', 'https://vimeo.com/907654321'));
    expect(only(`<amp-vimeo data-videoid="907654321" width="500" height="281"></amp-vimeo>`).url).toBe('https://vimeo.com/907654321');
    expect(only(`<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">https://vimeo.com/channels/staffpicks/907654321</div></figure>`).id).toBe('907654321');
  });

  it('the "… from USER on Vimeo." line belongs to the embed', () => {
    const r = scan(`<p>Watch:</p><iframe src="https://player.vimeo.com/video/907654321" width="640" height="360"></iframe>
<p><a href="https://vimeo.com/907654321">Harbour at dawn</a> from <a href="https://vimeo.com/user1">Jo Bloggs</a> on <a href="https://vimeo.com">Vimeo</a>.</p><p>Next paragraph.</p>`);
    expect(textWithoutNodes(r)).toBe('Watch: Next paragraph.');
  });
});

describe('spotify', () => {
  it.each([
    ['https://open.spotify.com/embed/episode/4pXq7nR2vT9kLm3Wc8Yz1B?utm_source=generator', 'episode'],
    ['https://open.spotify.com/embed-podcast/episode/4pXq7nR2vT9kLm3Wc8Yz1B', 'episode'],
    ['https://open.spotify.com/embed/track/4pXq7nR2vT9kLm3Wc8Yz1B?si=abc', 'track'],
    ['https://open.spotify.com/embed/playlist/4pXq7nR2vT9kLm3Wc8Yz1B', 'playlist'],
  ])('%s', (src, type) => {
    expect(only(`<iframe style="border-radius:12px" src="${src}" width="100%" height="152"></iframe>`)).toEqual(
      blank('spotify', '4pXq7nR2vT9kLm3Wc8Yz1B', `https://open.spotify.com/${type}/4pXq7nR2vT9kLm3Wc8Yz1B`),
    );
  });
});
