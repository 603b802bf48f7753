import { describe, expect, it } from 'vitest';
import { blank, only, scan, textWithoutNodes } from './helpers.js';

const POST = `<div class="fb-post" data-href="https://www.facebook.com/RiversideDC/posts/pfbid0Zx3KpRw8Tq1Vn5Ym7Lc2Hs9Gd4Bf6Jk8Nq2W" data-width="500" data-show-text="true" data-lazy="true"><blockquote cite="https://www.facebook.com/RiversideDC/posts/pfbid0Zx3KpRw8Tq1Vn5Ym7Lc2Hs9Gd4Bf6Jk8Nq2W" class="fb-xfbml-parse-ignore"><p>Elm St is CLOSED.</p>Posted by <a href="https://www.facebook.com/RiversideDC">Riverside District Council</a> on&nbsp;<a href="https://www.facebook.com/RiversideDC/posts/pfbid0Zx3KpRw8Tq1Vn5Ym7Lc2Hs9Gd4Bf6Jk8Nq2W">Tuesday, 14 May 2024</a></blockquote></div>`;

describe('facebook', () => {
  it('fb-post fallback: text, author, page handle, date', () => {
    expect(only(POST)).toEqual({
      platform: 'facebook',
      url: 'https://www.facebook.com/RiversideDC/posts/pfbid0Zx3KpRw8Tq1Vn5Ym7Lc2Hs9Gd4Bf6Jk8Nq2W',
      id: 'pfbid0Zx3KpRw8Tq1Vn5Ym7Lc2Hs9Gd4Bf6Jk8Nq2W',
      author: 'Riverside District Council',
      handle: 'RiversideDC',
      text: 'Elm St is CLOSED.',
      publishedAt: '2024-05-14',
      media: [],
    });
  });

  it('fb-video: title link is not text; the date may be plain text', () => {
    expect(only(`<div class="fb-video" data-href="https://www.facebook.com/PortHallowCouncil/videos/1184467290315127/"><blockquote cite="https://www.facebook.com/PortHallowCouncil/videos/1184467290315127/" class="fb-xfbml-parse-ignore"><a href="https://www.facebook.com/PortHallowCouncil/videos/1184467290315127/">Live from the count</a><p>Watch live.</p>Posted by <a href="https://www.facebook.com/PortHallowCouncil">Port Hallow City Council</a> on Saturday, 11 October 2025</blockquote></div>`)).toEqual({
      platform: 'facebook',
      url: 'https://www.facebook.com/PortHallowCouncil/videos/1184467290315127/',
      id: '1184467290315127',
      author: 'Port Hallow City Council',
      handle: 'PortHallowCouncil',
      text: 'Watch live.',
      publishedAt: '2025-10-11',
      media: [],
    });
  });

  it('amp-facebook', () => {
    expect(only(`<amp-facebook width="552" height="310" data-embed-as="post" data-href="https://www.facebook.com/SeabrookSES/posts/847261930552184"></amp-facebook>`)).toEqual({
      ...blank('facebook', '847261930552184', 'https://www.facebook.com/SeabrookSES/posts/847261930552184'),
      handle: 'SeabrookSES',
    });
  });

  it('plugins/post.php and video.php iframes decode href', () => {
    expect(only(`<iframe src="https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2FEastportFire%2Fposts%2Fpfbid02Nq7wJ4kRt9YsXc3Vb8&amp;show_text=true&amp;width=500"></iframe>`).url).toBe('https://www.facebook.com/EastportFire/posts/pfbid02Nq7wJ4kRt9YsXc3Vb8');
    expect(only(`<iframe src="https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fwatch%2F%3Fv%3D123456789012345&amp;width=500"></iframe>`)).toEqual(
      blank('facebook', '123456789012345', 'https://www.facebook.com/watch/?v=123456789012345'),
    );
  });

  it('keeps only id-bearing query keys; a numeric id is not a handle', () => {
    expect(only(`<div class="fb-post" data-href="https://m.facebook.com/permalink.php?story_fbid=10158000000000001&amp;id=100064000000001&amp;ref=embed_post"></div>`)).toEqual(
      blank('facebook', '10158000000000001', 'https://www.facebook.com/permalink.php?story_fbid=10158000000000001&id=100064000000001'),
    );
  });

  it('like/page/comments plugins and share links are not embeds', () => {
    const r = scan(`<iframe src="https://www.facebook.com/plugins/like.php?href=https%3A%2F%2Fnews.example%2Fa"></iframe>
      <div class="fb-like" data-href="https://news.example/a"></div><div class="fb-page" data-href="https://www.facebook.com/NewsExample"></div>
      <a href="https://www.facebook.com/sharer/sharer.php?u=x">Share</a><script src="https://connect.facebook.net/en_GB/sdk.js#xfbml=1"></script>`);
    expect(r.embeds).toEqual([]);
  });

  it('nodes cover the fallback text', () => {
    expect(textWithoutNodes(scan(`<p>Council said:</p>${POST}`))).toBe('Council said:');
  });
});
