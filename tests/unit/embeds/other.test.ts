import { describe, expect, it } from 'vitest';
import { embedsOf, only } from './helpers.js';

describe('other providers', () => {
  it.each([
    ['https://www.dailymotion.com/embed/video/x8abc12?autoplay=0', 'https://www.dailymotion.com/embed/video/x8abc12?autoplay=0'],
    ['https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/tracks/123&utm_source=x', 'https://w.soundcloud.com/player/?url=https%3A%2F%2Fapi.soundcloud.com%2Ftracks%2F123'],
    ['https://player.twitch.tv/?video=v123456&parent=news.example', 'https://player.twitch.tv/?video=v123456&parent=news.example'],
    ['https://streamable.com/e/abc123', 'https://streamable.com/e/abc123'],
    ['https://flo.uri.sh/visualisation/1234567/embed', 'https://flo.uri.sh/visualisation/1234567/embed'],
    ['https://datawrapper.dwcdn.net/AbC12/3/', 'https://datawrapper.dwcdn.net/AbC12/3/'],
    ['//playlist.megaphone.fm?e=DGT7573118025', 'https://playlist.megaphone.fm/?e=DGT7573118025'],
    ['https://embed.acast.com/morebikes', 'https://embed.acast.com/morebikes'],
  ])('%s', (src, url) => {
    const e = only(`<iframe src="${src}" width="100%" height="400"></iframe>`);
    expect(e.platform).toBe('other');
    expect(e.url).toBe(url);
    expect(e.id).toBe(url.replace(/^https:\/\//, ''));
    expect([e.author, e.handle, e.text, e.publishedAt, e.media]).toEqual([null, null, null, null, []]);
  });

  it('one entry for the same player embedded twice (http and https)', () => {
    expect(embedsOf(`<iframe src="http://www.dailymotion.com/embed/video/x8abc12"></iframe><iframe src="https://www.dailymotion.com/embed/video/x8abc12"></iframe>`)).toHaveLength(1);
  });

  it.each([
    ['ad', '<iframe id="google_ads_iframe_/4321/news_0" title="3rd party ad content" src="about:blank"></iframe>'],
    ['doubleclick', '<iframe src="https://tpc.googlesyndication.com/safeframe/1-0-40/html/container.html"></iframe><iframe src="https://ad.doubleclick.net/ddm/adi/N123/embed"></iframe>'],
    ['adnxs', '<iframe src="https://ib.adnxs.com/tt?id=123&amp;player=1"></iframe>'],
    ['taboola', '<iframe src="https://cdn.taboola.com/widget/news?article=a7f3c2&amp;video=1" title="Recommended stories"></iframe>'],
    ['outbrain', '<iframe src="https://widgets.outbrain.com/player/embed.html"></iframe>'],
    ['tracker', '<iframe src="https://www.googletagmanager.com/ns.html?id=GTM-ABC" height="0" width="0"></iframe>'],
    ['consent', '<iframe src="https://cdn.privacy-mgmt.com/index.html?message_id=1"></iframe><iframe src="https://consent.cookiebot.com/embed/123"></iframe>'],
    ['x settings', '<iframe src="https://platform.twitter.com/widgets/widget_iframe.2615f7e52b7e0.html?origin=x" title="Twitter settings iframe"></iframe>'],
    ['facebook like', '<iframe src="https://www.facebook.com/plugins/like.php?href=https%3A%2F%2Fnews.example"></iframe>'],
    ['comments', '<iframe src="https://jetpack.wordpress.com/jetpack-comment/?blogid=1&amp;postid=2"></iframe><iframe src="https://widgets.wp.com/likes/master.html?ver=20190321"></iframe>'],
    ['blank', '<iframe src="about:blank"></iframe><iframe></iframe><iframe src="javascript:false"></iframe>'],
    ['maps and calendars', '<iframe src="https://www.google.com/maps/embed/v1/place?q=x"></iframe><iframe src="https://calendar.google.com/calendar/embed?src=x"></iframe>'],
    ['social feed widgets', '<iframe src="https://snapwidget.com/embed/326888" class="snapwidget-widget"></iframe>'],
    ['archived pages', '<iframe src="https://web.archive.org/web/20120611024252if_/http://www.example.org/top.htm"></iframe>'],
    ['WordPress card of a sister article', '<iframe class="wp-embedded-content" sandbox="allow-scripts" src="https://www.news.example/other-story/embed/#?secret=abc"></iframe>'],
    ['same-site page', '<iframe src="/sites/theme/tpl/twitter.html"></iframe><iframe src="https://news.example/newsletter-signup"></iframe>'],
  ])('%s is not an embed', (_label, html) => {
    expect(embedsOf(html)).toEqual([]);
  });
});
