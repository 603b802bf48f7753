/**
 * The core regression test: the seed document (NZ Herald-like page rebuilt for Gleaner
 * from the seed text) gives exactly the expected record next to it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../../src/record.js';
import { recordIdFor } from '../../../src/url.js';
import { extract, fixture, FIXTURES } from './helpers.js';

type Expected = Pick<ArticleRecord,
  'url' | 'canonicalUrl' | 'isArticle' | 'title' | 'description' | 'siteName' | 'byline' | 'publishedAt' | 'modifiedAt' | 'lang' | 'paragraphs' | 'captions' | 'embeds'>;

const expected = JSON.parse(readFileSync(resolve(FIXTURES, 'seed-herald-kardashian.expected.json'), 'utf8')) as Expected;
let record: ArticleRecord;

beforeAll(() => {
  record = extract(fixture('seed-herald-kardashian.html'), expected.url);
});

describe('seed page (seed-herald-kardashian.html)', () => {
  it('gives the whole expected record', () => {
    const actual: Record<string, unknown> = {};
    for (const key of Object.keys(expected)) actual[key] = record[key as keyof ArticleRecord];
    expect(actual).toEqual(expected);
  });

  it('takes the displayed headline, not <title> with " - NZ Herald"', () => {
    expect(record.title).toBe('Kim Kardashian West returns to White House to push for another pardon');
  });

  it('reads lang en-NZ and the publication time with its +12:00 offset', () => {
    expect(record.lang).toBe('en-NZ');
    expect(record.publishedAt).toBe('2018-09-06T10:45:00+12:00');
  });

  it('has no byline: the only JSON-LD author is an Organization', () => {
    expect(record.byline).toEqual([]);
  });

  it('canonicalizes the URL: same-site canonical, no utm_*, no fragment; id derived from it', () => {
    expect(record.canonicalUrl).toBe('https://www.nzherald.co.nz/entertainment/kim-kardashian-west-returns-to-white-house/ABCDEF1234567/');
    expect(record.id).toBe(recordIdFor(record.canonicalUrl));
  });

  it('keeps the paragraphs exactly, typo "acase" included', () => {
    expect(record.paragraphs).toEqual(expected.paragraphs);
    expect(record.paragraphs[1]).toContain('prison reform and acase that caught her eye');
  });

  it('keeps the body paragraph that quotes the tweet ("Ms", straight quotes)', () => {
    expect(record.paragraphs).toContain(
      '"It started with Ms Alice, but looking at her and seeing the faces and learning the stories of the men and women I\'ve met inside prisons I knew I couldn\'t stop at just one," Kardashian West tweeted today. "It\'s time for REAL systemic change."',
    );
  });

  it('never lets the tweet text, the captions or the chrome leak into the paragraphs', () => {
    const text = record.paragraphs.join('\n');
    expect(text).not.toContain('Ms. Alice');
    expect(text).not.toContain('pic.twitter.com');
    expect(text).not.toContain('was back at the White House today');
    expect(text).not.toContain('Chris Young released from jail');
    expect(text).not.toMatch(/Related articles|Kim Kardashian meets Trump in the Oval Office|Comments|Good on her|Most read|Share on|Sign up|Advertisement|Copyright|3 mins to read/);
  });

  it('gives the lead caption once (figure + mobile copy) with credit and the lazy image URL', () => {
    expect(record.captions[0]).toEqual({
      text: 'Kim Kardashian West was back at the White House today, three months after directly lobbying US President Donald Trump.',
      credit: 'Photo / Twitter',
      imageUrl: 'https://www.nzherald.co.nz/resizer/lead-kim-white-house.jpg',
    });
    expect(record.captions).toHaveLength(2);
  });

  it('splits the glued "Photo / Supplied" credit and resolves the relative data-src', () => {
    expect(record.captions[1]).toEqual({
      text: 'Kim Kardashian has set her sights on getting Chris Young released from jail.',
      credit: 'Photo / Supplied',
      imageUrl: 'https://www.nzherald.co.nz/resizer/kim-chris-young.jpg',
    });
  });

  it('gives one X embed with author, handle, normalized text, date and the pic link as media', () => {
    expect(record.embeds).toEqual([{
      platform: 'x',
      url: 'https://x.com/KimKardashian/status/1037453123456789012',
      id: '1037453123456789012',
      author: 'Kim Kardashian West',
      handle: 'KimKardashian',
      text: "It started with Ms. Alice, but looking at her and seeing the faces and learning the stories of the men and women I've met inside prisons I knew I couldn't stop at just one. It's time for REAL systemic change",
      publishedAt: '2018-09-05',
      media: ['https://pic.twitter.com/kdKr8s6lJW'],
    }]);
  });

  it('joins the paragraphs with blank lines into text', () => {
    expect(record.text).toBe(expected.paragraphs.join('\n\n'));
  });
});
