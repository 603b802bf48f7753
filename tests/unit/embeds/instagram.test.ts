import { describe, expect, it } from 'vitest';
import { blank, embedsOf, only, scan, textWithoutNodes } from './helpers.js';

const V12 = `<blockquote class="instagram-media" data-instgrm-captioned data-instgrm-permalink="https://www.instagram.com/p/CtVb3XhNq2L/?utm_source=ig_embed&amp;utm_campaign=loading" data-instgrm-version="12"><div><a href="https://www.instagram.com/p/CtVb3XhNq2L/?utm_source=ig_embed"><div>View this post on Instagram</div></a>
<p><a href="https://www.instagram.com/p/CtVb3XhNq2L/?utm_source=ig_embed">Sunset at the lake 🤍 #summer</a></p>
<p>A post shared by <a href="https://www.instagram.com/sunnydays/?utm_source=ig_embed">Sunny Days</a> (@sunnydays) on <time datetime="2023-06-11T18:22:05+00:00">Jun 11, 2023 at 11:22am PDT</time></p></div></blockquote>
<script async src="//www.instagram.com/embed.js"></script>`;

describe('instagram', () => {
  it('v12 captioned: caption, author, handle, <time datetime>', () => {
    expect(only(V12)).toEqual({
      platform: 'instagram',
      url: 'https://www.instagram.com/p/CtVb3XhNq2L/',
      id: 'CtVb3XhNq2L',
      author: 'Sunny Days',
      handle: 'sunnydays',
      text: 'Sunset at the lake 🤍 #summer',
      publishedAt: '2023-06-11T18:22:05+00:00',
      media: [],
    });
  });

  it('v14 reel: author and handle from the "shared by" link, no text or date', () => {
    expect(only(`<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/reel/CtWz9kPsA1Q/?utm_source=ig_embed" data-instgrm-version="14"><div><a href="https://www.instagram.com/reel/CtWz9kPsA1Q/"><div>View this post on Instagram</div></a><p><a href="https://www.instagram.com/reel/CtWz9kPsA1Q/">A post shared by Leo Marsh (@leomarshdrums)</a></p></div></blockquote>`)).toEqual({
      ...blank('instagram', 'CtWz9kPsA1Q', 'https://www.instagram.com/reel/CtWz9kPsA1Q/'),
      author: 'Leo Marsh',
      handle: 'leomarshdrums',
    });
  });

  it('reads localized "shared by" phrases', () => {
    const de = only(`<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/ABCDEFG1234/"><p><a href="https://www.instagram.com/p/ABCDEFG1234/">Ein Beitrag geteilt von Anna Berg (@annaberg)</a></p></blockquote>`);
    expect([de.author, de.handle]).toEqual(['Anna Berg', 'annaberg']);
    const es = only(`<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/ABCDEFG1234/"><p><a href="https://www.instagram.com/p/ABCDEFG1234/">Una publicación compartida de María de la Cruz (@mdlc)</a></p></blockquote>`);
    expect([es.author, es.handle]).toEqual(['María de la Cruz', 'mdlc']);
  });

  it('older markup without data-instgrm-permalink takes the first post link', () => {
    expect(only(`<blockquote class="instagram-media"><div><p><a href="https://instagram.com/p/BxYz123AbC/" target="_blank">A photo posted by Old Co (@oldco)</a> on <time datetime="2016-01-02T03:04:05+00:00">Jan 2, 2016</time></p></div></blockquote>`)).toMatchObject({
      id: 'BxYz123AbC', url: 'https://www.instagram.com/p/BxYz123AbC/', handle: 'oldco', author: 'Old Co', publishedAt: '2016-01-02T03:04:05+00:00',
    });
  });

  it('takes the footer date from text when the <time> element is missing', () => {
    expect(only(`<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/B_fawQoFahE/"><p><a href="https://www.instagram.com/p/B_fawQoFahE/">Swipe ➡️</a></p><p>A post shared by <a href="https://www.instagram.com/zt/">Z T</a> (@zt) on Apr 27, 2020 at 9:24am PDT</p></blockquote>`).publishedAt).toBe('2020-04-27');
  });

  it('drops a username path and tracking queries, merging both copies', () => {
    const embeds = embedsOf(`<amp-instagram data-shortcode="C4pQrStUvWx" data-captioned width="400" height="400"></amp-instagram>
      <blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/mateorangi/p/C4pQrStUvWx/?igsh=MWQ1ZGUx"><p><a href="https://www.instagram.com/mateorangi/p/C4pQrStUvWx/">A post shared by Mateo Rangi (@mateorangi)</a></p></blockquote>`);
    expect(embeds).toEqual([{ ...blank('instagram', 'C4pQrStUvWx', 'https://www.instagram.com/p/C4pQrStUvWx/'), author: 'Mateo Rangi', handle: 'mateorangi' }]);
  });

  it('rendered iframe /embed/captioned/', () => {
    const r = scan(`<iframe class="instagram-media instagram-media-rendered" src="https://www.instagram.com/p/C2sXk9ZLr4T/embed/captioned/?cr=1&amp;v=14#%7B%22ci%22%3A0%7D"></iframe>`);
    expect(r.embeds).toEqual([blank('instagram', 'C2sXk9ZLr4T', 'https://www.instagram.com/p/C2sXk9ZLr4T/')]);
    expect(r.nodes).toHaveLength(1);
  });

  it('nodes cover "View this post on Instagram" and the caption', () => {
    const r = scan(`<p>Before.</p>${V12}<p>After.</p>`);
    expect(textWithoutNodes(r)).toBe('Before. After.');
  });

  it('profile links and embed.js alone are not embeds', () => {
    expect(embedsOf(`<a href="https://www.instagram.com/sunnydays/">Follow us</a><script src="//www.instagram.com/embed.js"></script>`)).toEqual([]);
  });
});
