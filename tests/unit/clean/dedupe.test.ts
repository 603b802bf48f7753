import { describe, expect, it } from 'vitest';
import { dedupeParagraphs } from '../../../src/clean/dedupe.js';

const base = { captionTexts: [] as string[], embedTexts: [] as string[], title: null as string | null };

describe('dedupeParagraphs', () => {
  it('keeps a repeated paragraph once, at its first position', () => {
    const out = dedupeParagraphs({ ...base, paragraphs: ['One.', 'Two.', 'One.', 'Three.'] });
    expect(out.paragraphs).toEqual(['One.', 'Two.', 'Three.']);
    expect(out.removed).toBe(1);
  });

  it('drops a paragraph equal to a caption', () => {
    const caption = 'Kim Kardashian has set her sights on getting Chris Young released from jail.';
    const out = dedupeParagraphs({ ...base, paragraphs: ['Body text here.', caption], captionTexts: [caption] });
    expect(out.paragraphs).toEqual(['Body text here.']);
  });

  it('drops a paragraph equal to a caption with its credit glued on', () => {
    const out = dedupeParagraphs({
      ...base,
      paragraphs: ['Body text here.', 'A caption. Photo / Supplied'],
      captionTexts: ['A caption.', 'A caption. Photo / Supplied'],
    });
    expect(out.paragraphs).toEqual(['Body text here.']);
  });

  it('drops a paragraph that only repeats an embed text, even with other quotes, "Ms." and a pic link', () => {
    const embed = 'It started with Ms. Alice, but I couldn\u2019t stop at just one pic.twitter.com/kdKr8s6lJW';
    const out = dedupeParagraphs({ ...base, paragraphs: ['Intro.', "It started with Ms Alice, but I couldn't stop at just one"], embedTexts: [embed] });
    expect(out.paragraphs).toEqual(['Intro.']);
  });

  it('keeps a paragraph that quotes an embed with words of its own', () => {
    const quoting = '"It started with Ms Alice, but I couldn\'t stop at just one," Kardashian West tweeted today.';
    const out = dedupeParagraphs({ ...base, paragraphs: [quoting], embedTexts: ['It started with Ms. Alice, but I couldn\u2019t stop at just one pic.twitter.com/x'] });
    expect(out.paragraphs).toEqual([quoting]);
    expect(out.removed).toBe(0);
  });

  it('drops a paragraph that repeats the title', () => {
    const out = dedupeParagraphs({ ...base, title: 'Big news today', paragraphs: ['Big news today', 'Details.'] });
    expect(out.paragraphs).toEqual(['Details.']);
  });

  it('ignores empty embed texts', () => {
    const out = dedupeParagraphs({ ...base, paragraphs: ['...', 'Text.'], embedTexts: [''] });
    expect(out.paragraphs).toEqual(['...', 'Text.']);
  });

  it('keeps no state between calls', () => {
    dedupeParagraphs({ ...base, paragraphs: ['Shared paragraph.'] });
    expect(dedupeParagraphs({ ...base, paragraphs: ['Shared paragraph.'] }).paragraphs).toEqual(['Shared paragraph.']);
  });
});
