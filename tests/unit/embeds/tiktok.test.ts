import { describe, expect, it } from 'vitest';
import { blank, embedsOf, only, scan, textWithoutNodes } from './helpers.js';

const OFFICIAL = `<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@weddingwithmaya/video/7244021187316432155" data-video-id="7244021187316432155" style="max-width: 605px;"> <section> <a target="_blank" title="@weddingwithmaya" href="https://www.tiktok.com/@weddingwithmaya?refer=embed">@weddingwithmaya</a> <p>POV: you’re the florist 💐 <a title="weddingtok" href="https://www.tiktok.com/tag/weddingtok?refer=embed">#weddingtok</a></p> <a title="♬ original sound - Maya" href="https://www.tiktok.com/music/original-sound-7244021200937134874?refer=embed">♬ original sound - Maya</a> </section> </blockquote> <script async src="https://www.tiktok.com/embed.js"></script>`;

describe('tiktok', () => {
  it('official blockquote: handle from cite, text = the <p> with hashtags, no sound line', () => {
    expect(only(OFFICIAL)).toEqual({
      ...blank('tiktok', '7244021187316432155', 'https://www.tiktok.com/@weddingwithmaya/video/7244021187316432155'),
      handle: 'weddingwithmaya',
      text: "POV: you're the florist 💐 #weddingtok",
    });
  });

  it('amp-tiktok with a URL or a bare id in data-src', () => {
    expect(only(`<amp-tiktok width="325" height="575" data-src="https://www.tiktok.com/@seabrookweather/video/7392817465019283745"></amp-tiktok>`)).toEqual({
      ...blank('tiktok', '7392817465019283745', 'https://www.tiktok.com/@seabrookweather/video/7392817465019283745'),
      handle: 'seabrookweather',
    });
    expect(only(`<amp-tiktok data-src="7392817465019283745"></amp-tiktok>`).url).toBe('https://www.tiktok.com/@/video/7392817465019283745');
  });

  it('amp-tiktok with a placeholder blockquote merges', () => {
    const embeds = embedsOf(`<amp-tiktok data-src="7244021187316432155">${OFFICIAL.replace('class="tiktok-embed"', 'placeholder class="tiktok-embed"')}</amp-tiktok>`);
    expect(embeds).toHaveLength(1);
    expect(embeds[0]?.handle).toBe('weddingwithmaya');
    expect(embeds[0]?.url).toBe('https://www.tiktok.com/@weddingwithmaya/video/7244021187316432155');
  });

  it.each([
    'https://www.tiktok.com/player/v1/7329016648451230000?music_info=1&description=1',
    'https://www.tiktok.com/embed/v2/7329016648451230000',
    'https://www.tiktok.com/embed/v3/7329016648451230000?lang=en',
  ])('player iframe %s has no handle', (src) => {
    expect(only(`<iframe src="${src}"></iframe>`)).toEqual(blank('tiktok', '7329016648451230000', 'https://www.tiktok.com/@/video/7329016648451230000'));
  });

  it('nodes cover the handle, caption and sound line', () => {
    expect(textWithoutNodes(scan(`<p>Intro.</p>${OFFICIAL}`))).toBe('Intro.');
  });
});
