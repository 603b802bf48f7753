import { describe, expect, it } from 'vitest';
import { blank, embedsOf, only, scan, textWithoutNodes } from './helpers.js';

const SKY = `<blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:4xk2fqa7v3wz9jrmn6t5pbcd/app.bsky.feed.post/3lhbq2xk4ts2e" data-bluesky-cid="bafyrei"><p lang="en">We crossed 50,000 sign-ups!<br><br><a href="https://bsky.app/profile/did:plc:4xk2fqa7v3wz9jrmn6t5pbcd/post/3lhbq2xk4ts2e?ref_src=embed">[image or embed]</a></p>&mdash; Open Stacks (<a href="https://bsky.app/profile/did:plc:4xk2fqa7v3wz9jrmn6t5pbcd?ref_src=embed">@openstacks.bsky.social</a>) <a href="https://bsky.app/profile/did:plc:4xk2fqa7v3wz9jrmn6t5pbcd/post/3lhbq2xk4ts2e?ref_src=embed">February 2, 2025 at 4:17 PM</a></blockquote><script async src="https://embed.bsky.app/static/embed.js" charset="utf-8"></script>`;

describe('bluesky', () => {
  it('blockquote: did URL, text without "[image or embed]", author, handle, date only', () => {
    expect(only(SKY)).toEqual({
      platform: 'bluesky',
      url: 'https://bsky.app/profile/did:plc:4xk2fqa7v3wz9jrmn6t5pbcd/post/3lhbq2xk4ts2e',
      id: '3lhbq2xk4ts2e',
      author: 'Open Stacks',
      handle: 'openstacks.bsky.social',
      text: 'We crossed 50,000 sign-ups!',
      publishedAt: '2025-02-02',
      media: [],
    });
  });

  it('rendered iframe merges with the blockquote', () => {
    const embeds = embedsOf(`<iframe src="https://embed.bsky.app/embed/did:plc:4xk2fqa7v3wz9jrmn6t5pbcd/app.bsky.feed.post/3lhbq2xk4ts2e?id=1"></iframe>${SKY}`);
    expect(embeds).toHaveLength(1);
    expect(embeds[0]?.text).toBe('We crossed 50,000 sign-ups!');
  });

  it('nodes cover the whole fallback', () => {
    expect(textWithoutNodes(scan(`<p>Library said:</p>${SKY}`))).toBe('Library said:');
  });
});

describe('threads', () => {
  it('threads.net folds into www.threads.com; handle from the permalink; "View on Threads" is not body', () => {
    const r = scan(`<blockquote class="text-post-media" data-text-post-permalink="https://www.threads.net/@metrotransitnews/post/DFmQ2xTpL7k" data-text-post-version="0" id="ig-tp-DFmQ2xTpL7k"><a href="https://www.threads.net/@metrotransitnews/post/DFmQ2xTpL7k"><div>Post by @metrotransitnews</div><div>View on Threads</div></a></blockquote><script async src="https://www.threads.net/embed.js"></script>`);
    expect(r.embeds).toEqual([{ ...blank('threads', 'DFmQ2xTpL7k', 'https://www.threads.com/@metrotransitnews/post/DFmQ2xTpL7k'), handle: 'metrotransitnews' }]);
    expect(textWithoutNodes(r)).toBe('');
  });

  it('iframe with /embed suffix', () => {
    expect(only(`<iframe src="https://www.threads.com/@rosa/post/DPx7Lm2Kq9A/embed?x=1"></iframe>`).url).toBe('https://www.threads.com/@rosa/post/DPx7Lm2Kq9A');
  });
});

describe('mastodon', () => {
  it('4.3 blockquote and older iframe, handle user@instance', () => {
    const embeds = embedsOf(`<blockquote class="mastodon-embed" data-embed-url="https://mastodon.social/@fedistats/113912345678901234/embed"><a href="https://mastodon.social/@fedistats/113912345678901234"><div>Post by @fedistats@mastodon.social</div><div>View on Mastodon</div></a></blockquote><script data-allowed-prefixes="https://mastodon.social/" async src="https://mastodon.social/embed.js"></script>
      <iframe src="https://fosstodon.org/@kerneldev/112876543210987654/embed" class="mastodon-embed" width="400"></iframe><script src="https://fosstodon.org/embed.js" async="async"></script>`);
    expect(embeds).toEqual([
      { ...blank('mastodon', '113912345678901234', 'https://mastodon.social/@fedistats/113912345678901234'), handle: 'fedistats@mastodon.social' },
      { ...blank('mastodon', '112876543210987654', 'https://fosstodon.org/@kerneldev/112876543210987654'), handle: 'kerneldev@fosstodon.org' },
    ]);
  });

  it('a plain /@user/123 link on some site is not a Mastodon embed', () => {
    expect(embedsOf(`<div data-href="https://example.org/@user/1234567"></div><iframe src="https://example.org/@user/1234567"></iframe>`)).toEqual([]);
  });
});

describe('reddit', () => {
  it('reddit-embed-bq: title is text, handle without u/', () => {
    expect(only(`<blockquote class="reddit-embed-bq" style="height:500px" data-embed-height="740"><a href="https://www.reddit.com/r/Kelderford/comments/17xk2pq/the_new_bridge_is_finally_open/">The new bridge is finally open – here’s the view &amp; it’s class</a><br> by<a href="https://www.reddit.com/user/tyneside_tom/">u/tyneside_tom</a> in<a href="https://www.reddit.com/r/Kelderford/">Kelderford</a></blockquote><script async="" src="https://embed.reddit.com/widgets.js" charset="UTF-8"></script>`)).toEqual({
      ...blank('reddit', '17xk2pq', 'https://www.reddit.com/r/Kelderford/comments/17xk2pq/the_new_bridge_is_finally_open/'),
      handle: 'tyneside_tom',
      text: "The new bridge is finally open – here's the view & it's class",
    });
  });

  it('old reddit-card: no user, tracking query dropped', () => {
    expect(only(`<blockquote class="reddit-card" data-card-created="1760171400"><a href="https://www.reddit.com/r/PortHallow/comments/1o3k9zq/live_results/?ref=share&amp;ref_source=embed">Live results</a> from <a href="http://www.reddit.com/r/PortHallow">r/PortHallow</a></blockquote><script async src="//embed.redditmedia.com/widgets/platform.js"></script>`)).toEqual({
      ...blank('reddit', '1o3k9zq', 'https://www.reddit.com/r/PortHallow/comments/1o3k9zq/live_results/'),
      text: 'Live results',
    });
  });

  it('amp-reddit and redditmedia/embed.reddit.com iframes', () => {
    const url = 'https://www.reddit.com/r/Seabrook/comments/1e6dq2x/tree_through_the_roof/';
    expect(only(`<amp-reddit layout="responsive" width="300" height="400" data-embedtype="post" data-src="https://www.reddit.com/r/Seabrook/comments/1e6dq2x/tree_through_the_roof/?ref=share&amp;ref_source=embed"></amp-reddit>`)).toEqual(blank('reddit', '1e6dq2x', url));
    expect(only(`<iframe src="https://www.redditmedia.com/r/Seabrook/comments/1e6dq2x/tree_through_the_roof/?ref_source=embed&amp;embed=true"></iframe>`).url).toBe(url);
    expect(only(`<iframe src="https://embed.reddit.com/r/Seabrook/comments/1e6dq2x/tree_through_the_roof/?embed=true"></iframe>`).url).toBe(url);
  });
});

describe('linkedin', () => {
  it.each(['share', 'ugcPost', 'activity'])('urn:li:%s', (kind) => {
    expect(only(`<iframe src="https://www.linkedin.com/embed/feed/update/urn:li:${kind}:7123456789012345678?collapsed=1" height="543" width="504" frameborder="0" allowfullscreen="" title="Embedded post"></iframe>`)).toEqual(
      blank('linkedin', '7123456789012345678', `https://www.linkedin.com/feed/update/urn:li:${kind}:7123456789012345678/`),
    );
  });

  it('share buttons are not embeds', () => {
    expect(embedsOf(`<a href="https://www.linkedin.com/shareArticle?url=x">Share</a><iframe src="https://www.linkedin.com/company/acme"></iframe>`)).toEqual([]);
  });
});
