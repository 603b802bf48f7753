/**
 * Other providers: iframes that are clearly players or posts (Dailymotion, SoundCloud, Twitch,
 * Streamable, Flourish, Datawrapper, podcast players, …) but no ads, trackers, consent or
 * comment widgets. Only frames qualify (a bare link is just a link). Must run last: the
 * registry gives every known platform the first word.
 */
import type { EmbedDraft, EmbedPlatformModule, UrlKind } from './types.js';
import { canonicalizeUrl } from '../../url.js';

// Known players and post/graphic widgets.
const PROVIDERS = /(?:^|\.)(?:dailymotion\.com|dai\.ly|soundcloud\.com|twitch\.tv|streamable\.com|flourish\.studio|flo\.uri\.sh|datawrapper\.de|dwcdn\.net|megaphone\.fm|acast\.com|simplecast\.com|buzzsprout\.com|libsyn\.com|podbean\.com|anchor\.fm|podcasters\.spotify\.com|omny\.fm|omnystudio\.com|art19\.com|spreaker\.com|audioboom\.com|iheart\.com|podcasts\.apple\.com|bandcamp\.com|mixcloud\.com|giphy\.com|imgur\.com|tumblr\.com|rumble\.com|kick\.com|bitchute\.com|brightcove\.net|jwplayer\.com|jwplatform\.com|vidyard\.com|wistia\.(?:com|net)|kaltura\.com|ted\.com|infogram\.com|knightlab\.com|scribd\.com|documentcloud\.org|pinterest\.com|tiktokcdn\.com|bilibili\.com|players\.brightcove\.net|vk\.com|ok\.ru|rutube\.ru|arte\.tv|c-span\.org|napster\.com|deezer\.com|music\.apple\.com|embed\.music\.apple\.com|audiomack\.com|genially\.com|polldaddy\.com|strawpoll\.com|apester\.com|playbuzz\.com)$/i;
// Anything that smells of advertising, tracking, consent, comments, or the platforms' own plumbing.
const BLOCKED = /(?:doubleclick|googlesyndication|googleadservices|googletagmanager|google-analytics|adnxs|adsystem|adservice|adsafeprotected|taboola|outbrain|criteo|pubmatic|rubiconproject|openx|moatads|scorecardresearch|quantserve|quantcast|chartbeat|amazon-adsystem|teads|smartadserver|yieldmo|sharethrough|revcontent|mgid|zergnet|consent|cookie|onetrust|cookielaw|didomi|trustarc|usercentrics|privacy-mgmt|sp-prod|recaptcha|hcaptcha|disqus|jetpack-comment|likes|sharethis|addthis|newsletter|paywall|piano\.io|tinypass|syndication\.twitter|platform\.twitter|twimg|google\.[a-z.]+\/maps|maps\.google|calendar\.google|docs\.google\.com\/forms|snapwidget|lightwidget|elfsight|juicer\.io|curator\.io|web\.archive\.org|staticxx\.facebook|connect\.facebook|facebook\.com|fbcdn|instagram\.com|tiktok\.com|youtube|vimeo|spotify|reddit|bsky|threads\.(?:net|com)|linkedin|(?:^|\.)ads?\.|\/ads?\/|[?&]ad_?unit)/i;
// On unknown hosts, the path must say "player/embed/video/audio/podcast".
const PLAYER_PATH = /(?:^|[/._-])(?:embed|player|players|video|videos|audio|podcast|episode|iframe-player)(?:$|[/._?-])/i;

function fromUrl(url: URL, kind: UrlKind): EmbedDraft | null {
  if (kind !== 'frame') return null;
  const whole = url.href;
  if (BLOCKED.test(whole)) return null;
  if (!PROVIDERS.test(url.hostname) && !PLAYER_PATH.test(url.hostname + url.pathname)) return null;
  const canonical = canonicalizeUrl(url.protocol === 'http:' ? whole.replace(/^http:/, 'https:') : whole);
  // The id is the URL without its scheme: stable across http/https and protocol-relative srcs.
  return { platform: 'other', id: canonical.replace(/^https?:\/\//, ''), url: canonical };
}

export const otherModule: EmbedPlatformModule = {
  platform: 'other',
  fromUrl,
};
