/** sources.yaml: the schema, its messages, and the example file in the repo. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GleanerError } from '../../../src/errors.js';
import { parseEvery, parseSourcesYaml } from '../../../src/sources/schema.js';

function messageOf(yaml: string): string {
  try {
    parseSourcesYaml(yaml, '/etc/gleaner');
  } catch (err) {
    expect(err).toBeInstanceOf(GleanerError);
    expect((err as GleanerError).code).toBe('INVALID_INPUT');
    return (err as GleanerError).message;
  }
  throw new Error('expected a throw');
}

describe('parseEvery', () => {
  it.each([
    ['30s', 30_000], ['5m', 300_000], ['1h', 3_600_000], ['1d', 86_400_000], ['1500ms', 1500], ['1500', 1500], [2000, 2000], ['1.5s', 1500],
  ])('%s → %d ms', (input, ms) => expect(parseEvery(input)).toBe(ms));
  it.each(['', 'soon', '-5s', '0', '5 minutes', 1.5])('%s is refused', (input) => expect(parseEvery(input)).toBeNull());
});

describe('sources.yaml', () => {
  it('parses the three kinds and resolves relative files against the file\'s folder', () => {
    const sources = parseSourcesYaml(`
sources:
  - id: herald-feed
    kind: feed
    url: https://herald.example/rss.xml
    every: 5m
  - id: herald-sitemap
    kind: sitemap
    url: https://herald.example/sitemap_index.xml
    cron: "0 */6 * * *"
    tz: Pacific/Auckland
    priority: 10
    maxUrls: 500
  - id: picks
    kind: urls
    file: lists/picks.txt
    every: 3600000
  - id: remote-picks
    kind: urls
    url: https://lists.example/picks.txt
    every: 1h
    enabled: false
`, '/etc/gleaner');
    expect(sources).toEqual([
      { id: 'herald-feed', kind: 'feed', url: 'https://herald.example/rss.xml', everyMs: 300_000, maxUrls: 10_000, enabled: true },
      { id: 'herald-sitemap', kind: 'sitemap', url: 'https://herald.example/sitemap_index.xml', cron: '0 */6 * * *', tz: 'Pacific/Auckland', priority: 10, maxUrls: 500, enabled: true },
      { id: 'picks', kind: 'urls', file: '/etc/gleaner/lists/picks.txt', everyMs: 3_600_000, maxUrls: 10_000, enabled: true },
      { id: 'remote-picks', kind: 'urls', url: 'https://lists.example/picks.txt', everyMs: 3_600_000, maxUrls: 10_000, enabled: false },
    ]);
  });

  it('an empty file is no sources', () => {
    expect(parseSourcesYaml('', '/x')).toEqual([]);
    expect(parseSourcesYaml('sources: []', '/x')).toEqual([]);
  });

  it.each([
    ['both cron and every', 'sources:\n  - {id: a, kind: feed, url: "https://a.example/f", every: 5m, cron: "* * * * *"}', 'source "a" cron: give exactly one of cron or every'],
    ['neither', 'sources:\n  - {id: a, kind: feed, url: "https://a.example/f"}', 'give exactly one of cron or every'],
    ['a bad interval', 'sources:\n  - {id: a, kind: feed, url: "https://a.example/f", every: soon}', 'source "a" every:'],
    ['too short an interval', 'sources:\n  - {id: a, kind: feed, url: "https://a.example/f", every: 10ms}', 'at least 1000 ms'],
    ['a bad cron', 'sources:\n  - {id: a, kind: feed, url: "https://a.example/f", cron: "hourly"}', 'a cron pattern of 5 or 6 fields'],
    ['a feed without url', 'sources:\n  - {id: a, kind: feed, every: 5m}', 'a feed source needs url'],
    ['a urls source with both', 'sources:\n  - {id: a, kind: urls, url: "https://a.example/l", file: x.txt, every: 5m}', 'exactly one of url or file'],
    ['a bad URL', 'sources:\n  - {id: a, kind: feed, url: "ftp://a.example/f", every: 5m}', 'must be an absolute http(s) URL'],
    ['credentials', 'sources:\n  - {id: a, kind: feed, url: "https://u:p@a.example/f", every: 5m}', 'without credentials'],
    ['an unknown kind', 'sources:\n  - {id: a, kind: podcast, url: "https://a.example/f", every: 5m}', 'source "a" kind'],
    ['an unknown field', 'sources:\n  - {id: a, kind: feed, url: "https://a.example/f", every: 5m, evrey: 1}', 'evrey'],
    ['a bad id', 'sources:\n  - {id: "a b", kind: feed, url: "https://a.example/f", every: 5m}', 'source "a b" id'],
    ['duplicate ids', 'sources:\n  - {id: a, kind: feed, url: "https://a.example/f", every: 5m}\n  - {id: a, kind: feed, url: "https://a.example/g", every: 5m}', 'duplicate id "a"'],
    ['not a list', 'sources: {a: 1}', 'sources'],
    ['invalid YAML', 'sources: [\n', 'not valid YAML'],
  ])('refuses %s', (_name, yaml, message) => {
    expect(messageOf(yaml)).toContain(message);
  });

  it('the example sources.example.yaml in the repo is valid', () => {
    const text = readFileSync(new URL('../../../sources.example.yaml', import.meta.url), 'utf8');
    const sources = parseSourcesYaml(text, '/srv/gleaner');
    expect(sources.length).toBeGreaterThanOrEqual(3);
    expect(new Set(sources.map((s) => s.kind))).toEqual(new Set(['feed', 'sitemap', 'urls']));
  });
});
