import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { comparisonKey, normalizeOrNull, normalizeText } from '../../../src/clean/normalize.js';

describe('normalizeText (DESIGN.md §1 normalization)', () => {
  it('composes decomposed text to NFC', () => {
    const nfd = 'Cafe\u0301 Zu\u0308rich';
    expect(normalizeText(nfd)).toBe('Caf\u00e9 Z\u00fcrich');
    expect(normalizeText(nfd)).toBe(normalizeText(nfd).normalize('NFC'));
  });

  it('folds curly single quotes and apostrophes to an ASCII apostrophe', () => {
    expect(normalizeText('\u2018I\u2019ve\u201A \u201Bx')).toBe("'I've' 'x");
  });

  it('folds curly double quotes to an ASCII double quote', () => {
    expect(normalizeText('\u201CHello\u201D \u201Elow\u201F')).toBe('"Hello" "low"');
  });

  it('keeps guillemets, primes, dashes and the ellipsis', () => {
    const s = '\u00ABBonjour\u00BB \u2039x\u203A 5\u2032 10\u2033 a \u2013 b \u2014 c\u2026';
    expect(normalizeText(s)).toBe(s);
  });

  it('turns the no-break space into a plain space', () => {
    expect(normalizeText('New\u00A0Zealand')).toBe('New Zealand');
  });

  it.each([
    ['U+1680 ogham space', '\u1680'],
    ['U+2002 en space', '\u2002'],
    ['U+2009 thin space', '\u2009'],
    ['U+200A hair space', '\u200A'],
    ['U+202F narrow no-break space', '\u202F'],
    ['U+205F medium mathematical space', '\u205F'],
    ['U+3000 ideographic space', '\u3000'],
  ])('turns %s into a plain space', (_name, space) => {
    expect(normalizeText(`a${space}b`)).toBe('a b');
  });

  it.each([
    ['U+200B zero-width space', '\u200B'],
    ['U+2060 word joiner', '\u2060'],
    ['U+FEFF byte order mark', '\uFEFF'],
    ['U+00AD soft hyphen', '\u00AD'],
  ])('removes %s without leaving a space', (_name, ch) => {
    expect(normalizeText(`news${ch}paper`)).toBe('newspaper');
  });

  it('keeps ZWJ in emoji sequences and ZWNJ in Persian', () => {
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
    const persian = '\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645';
    expect(normalizeText(`${family} ${persian}`)).toBe(`${family} ${persian}`);
  });

  it('keeps the emoji variation selector VS16', () => {
    expect(normalizeText('\u2764\uFE0F love')).toBe('\u2764\uFE0F love');
  });

  it('collapses runs of white space, newlines and tabs to one space', () => {
    expect(normalizeText('a  \n\t b\r\n\r\nc')).toBe('a b c');
  });

  it('trims leading and trailing white space, including Unicode spaces', () => {
    expect(normalizeText('\u00A0\u3000 text \u2009\n')).toBe('text');
  });

  it('keeps the source words and spelling', () => {
    expect(normalizeText('prison reform and acase that caught her eye')).toBe('prison reform and acase that caught her eye');
  });

  it('returns plain ASCII text unchanged', () => {
    const s = 'Plain ASCII text, with punctuation!';
    expect(normalizeText(s)).toBe(s);
  });

  it('keeps curly quotes when asciiQuotes is false but still applies the other rules', () => {
    expect(normalizeText('\u201CIt\u2019s\u00A0here\u201D\u200B ', { asciiQuotes: false })).toBe('\u201CIt\u2019s here\u201D');
  });

  it('is idempotent', () => {
    const s = ' \u201CA\u00A0b\u200B\u201D  c\u0301 ';
    expect(normalizeText(normalizeText(s))).toBe(normalizeText(s));
  });
});

describe('normalizeOrNull', () => {
  it('returns null for null, undefined and text that normalizes to nothing', () => {
    expect(normalizeOrNull(null)).toBeNull();
    expect(normalizeOrNull(undefined)).toBeNull();
    expect(normalizeOrNull(' \u00A0\u200B ')).toBeNull();
  });

  it('returns the normalized text otherwise', () => {
    expect(normalizeOrNull(' \u201Cx\u201D ')).toBe('"x"');
  });
});

describe('comparisonKey', () => {
  it('ignores case, punctuation and quote style', () => {
    expect(comparisonKey('\u201CIt\u2019s time,\u201D she said.')).toBe(comparisonKey('"it\'s time" she said'));
  });

  it('treats "Ms" and "Ms." alike', () => {
    expect(comparisonKey('It started with Ms. Alice')).toBe(comparisonKey('It started with Ms Alice'));
  });

  it('ignores a trailing pic.twitter.com link and other URLs', () => {
    expect(comparisonKey('Real change pic.twitter.com/kdKr8s6lJW')).toBe(comparisonKey('Real change'));
    expect(comparisonKey('See https://example.com/a?b=c now')).toBe(comparisonKey('See now'));
  });

  it('keeps letters and digits of every script', () => {
    expect(comparisonKey('Über 30 Jahre — 東京 2024!')).toBe('über 30 jahre 東京 2024');
  });

  it('gives different keys to texts with different words', () => {
    expect(comparisonKey('It started with Ms Alice')).not.toBe(comparisonKey('It started with Ms Alice, she tweeted'));
  });

  // The key's definition, without the fast paths (ASCII, NFKC-stable text) it takes.
  const definition = (input: string) =>
    input.normalize('NFKC').toLowerCase().replace(/(?:https?:\/\/|pic\.twitter\.com\/)\S+/g, ' ').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

  it('equals its definition for every BMP character and for random text', () => {
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c < 0xe000) continue;
      const s = `A${String.fromCharCode(c)}b`.normalize('NFC');
      expect(comparisonKey(s), `U+${c.toString(16)}`).toBe(definition(s));
    }
    const mixed = fc.string({ unit: fc.constantFrom(...'aZ09 .-/:–—‘’“”•éÀÿµ½ﬁİı…'.split('')), maxLength: 40 });
    fc.assert(fc.property(fc.oneof(mixed, fc.string({ unit: 'grapheme', maxLength: 40 })), (raw) => {
      const s = raw.normalize('NFC');
      expect(comparisonKey(s)).toBe(definition(s));
    }), { numRuns: 5000 });
  });
});

describe('normalizeText fast paths', () => {
  // DESIGN.md §1 normalization, without the fast paths (plain ASCII, Latin-1) it takes.
  const definition = (input: string) =>
    input.normalize('NFC').replace(/[\u2018\u2019\u201A\u201B]/g, "'").replace(/[\u201C\u201D\u201E\u201F]/g, '"')
      .replace(/[\u200B\u2060\uFEFF\u00AD]/g, '').replace(/[\s\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/g, ' ').trim();

  it('equals its definition for every BMP character and for random text', () => {
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c < 0xe000) continue;
      const s = ` a${String.fromCharCode(c)}b `;
      expect(normalizeText(s), `U+${c.toString(16)}`).toBe(definition(s));
    }
    const mixed = fc.string({ unit: fc.constantFrom(...'a Z\t\n\u00A0\u00AD\u00E9e\u0301\u2019\u201C\u200B\u3000.'.split('')), maxLength: 40 });
    fc.assert(fc.property(fc.oneof(mixed, fc.string({ unit: 'grapheme', maxLength: 40 })), (s) => {
      expect(normalizeText(s)).toBe(definition(s));
    }), { numRuns: 5000 });
  });
});
