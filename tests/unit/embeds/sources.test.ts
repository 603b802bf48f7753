import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../../src/extract/dom.js';
import { findEmbeds } from '../../../src/extract/embeds/index.js';
import { decodeLayers } from '../../../src/extract/embeds/sources.js';
import { blank, embedsOf, fixture, textWithoutNodes } from './helpers.js';

function scanPage(name: string) {
  const $ = parseHtml(fixture(name));
  return { ...findEmbeds($, 'https://news.example/a'), $ };
}

describe('hidden copies', () => {
  it('Embed Privacy: entity-escaped JSON in a JS string, plain and backslash-escaped', () => {
    const r = scanPage('embed-privacy.html');
    expect(r.embeds).toEqual([
      blank('youtube', 'Ab3De6Gh9Jk', 'https://www.youtube.com/watch?v=Ab3De6Gh9Jk'),
      {
        platform: 'x',
        url: 'https://x.com/PolizeiTal/status/1790000000000000001',
        id: '1790000000000000001',
        author: 'Polizei Talstadt',
        handle: 'PolizeiTal',
        text: 'Die B17 ist gesperrt. Bitte umfahren.',
        publishedAt: '2024-05-14',
        media: [],
      },
    ]);
  });

  it('Embed Privacy: consent notices and the "open directly" footer are not body', () => {
    const r = scanPage('embed-privacy.html');
    expect(textWithoutNodes(r)).toBe('Hochwasser in Talstadt Der Pegel stieg am Dienstag auf 4,2 Meter. Die Feuerwehr war mit 40 Kräften im Einsatz. Am Abend sank der Pegel wieder.');
  });

  it('text/template, <template> and oEmbed JSON copies; app-state share codes and ad scripts are not embeds', () => {
    const r = scanPage('consent-template.html');
    expect(r.embeds).toEqual([
      { ...blank('instagram', 'Cx9Yz8Wv7Ut', 'https://www.instagram.com/p/Cx9Yz8Wv7Ut/'), author: 'Storm Chasers NZ', handle: 'stormchasersnz' },
      { ...blank('tiktok', '7400000000000000001', 'https://www.tiktok.com/@gustwatch/video/7400000000000000001'), handle: 'gustwatch', text: 'Trampoline vs wind #storm' },
      { ...blank('reddit', '1abcd2e', 'https://www.reddit.com/r/Stormtown/comments/1abcd2e/our_fence_is_in_the_next_street/'), handle: 'gale_force', text: 'Our fence is in the next street' },
    ]);
  });

  it('consent placeholders and loading notices are nodes', () => {
    const r = scanPage('consent-template.html');
    expect(textWithoutNodes(r)).toBe('Storm night Winds reached 120km/h overnight. Power was restored by morning. Schools reopen on Monday.');
  });

  it('noscript copy of an iframe and the lazy iframe merge into one', () => {
    expect(embedsOf(`<iframe data-src="https://player.vimeo.com/video/123456789" src="data:image/gif;base64,R0lGOD"></iframe><noscript><iframe src="https://player.vimeo.com/video/123456789"></iframe></noscript>`)).toEqual([
      blank('vimeo', '123456789', 'https://vimeo.com/123456789'),
    ]);
  });

  it('a lazy placeholder div with the post URL in data-href', () => {
    expect(embedsOf(`<div class="social-embed" data-href="https://twitter.com/Acme/status/1234567890123"><span>Loading…</span></div>`)).toEqual([
      { ...blank('x', '1234567890123', 'https://x.com/Acme/status/1234567890123'), handle: 'Acme' },
    ]);
  });
});

describe('decodeLayers', () => {
  it('peels JSON escapes and entities until tags appear', () => {
    expect(decodeLayers('&lt;iframe src=&quot;https:\\/\\/a.example\\/x&quot;&gt;&lt;\\/iframe&gt;')).toBe('<iframe src="https://a.example/x"></iframe>');
    expect(decodeLayers('\\u003Ciframe src=\\"x\\"\\u003E')).toBe('<iframe src="x">');
  });
});
