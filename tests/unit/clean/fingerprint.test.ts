import { describe, expect, it } from 'vitest';
import { contentHash, hammingDistance, simhash64 } from '../../../src/clean/fingerprint.js';

const ARTICLE = [
  'Following her successful lobbying of Donald Trump earlier this year, Kim Kardashian West returned to the White House today for another high-level meeting to ask for a pardon.',
  'The reality television star sat down with Ivanka Trump and her husband Jared Kushner, for a discussion about prison reform and a case that caught her eye.',
  'Ivanka is one of her father\'s most trusted ears, while Kushner leads the administration\'s criminal justice focus.',
  'Three months ago, Kardashian West met with the president in the Oval Office to petition for a pardon for Alice Marie Johnson, a 63-year-old grandmother who had spent two decades behind bars on drug charges.',
  'A week later, Trump granted the pardon. Now, it seems the reality star is keen to bring attention to another case.',
].join('\n\n');

const UNRELATED = [
  'The regional council approved a new storm-water plan on Tuesday after months of consultation with residents of the coastal suburbs.',
  'Engineers said the culverts under the main road would be widened and two retention ponds built before next winter.',
  'Ratepayers will see an increase of about four per cent, the mayor said, adding that the work could not be delayed any longer.',
  'Opposition councillors argued that the plan ignored the northern catchment, where flooding closed the school twice last year.',
].join('\n\n');

describe('contentHash', () => {
  it('is equal for equal text', () => {
    expect(contentHash(ARTICLE)).toBe(contentHash(String(ARTICLE)));
  });

  it('differs when one character differs', () => {
    expect(contentHash(ARTICLE)).not.toBe(contentHash(ARTICLE + '.'));
  });

  it('is a labelled SHA-256 hex digest', () => {
    expect(contentHash('')).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(contentHash(ARTICLE)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('simhash64', () => {
  it('is 16 lower-case hex digits', () => {
    expect(simhash64(ARTICLE)).toMatch(/^[0-9a-f]{16}$/);
    expect(simhash64('')).toMatch(/^[0-9a-f]{16}$/);
    expect(simhash64('one')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('is deterministic', () => {
    expect(simhash64(ARTICLE)).toBe(simhash64(ARTICLE));
  });

  it('puts near-identical texts (one word changed, a sentence added) fewer than 8 bits apart', () => {
    const edited = ARTICLE.replace('a case that caught', 'acase that caught') + '\n\nUpdated at 5pm.';
    expect(hammingDistance(simhash64(ARTICLE), simhash64(edited))).toBeLessThan(8);
  });

  it('ignores case and punctuation differences', () => {
    expect(hammingDistance(simhash64(ARTICLE), simhash64(ARTICLE.toUpperCase().replace(/[.,']/g, '')))).toBeLessThan(8);
  });

  it('puts unrelated texts more than 20 bits apart', () => {
    expect(hammingDistance(simhash64(ARTICLE), simhash64(UNRELATED))).toBeGreaterThan(20);
  });

  it('reads every non-ASCII character as a lower-cased letter or digit, or as a separator', () => {
    // Tokens are runs of \p{L}\p{N} (plus ASCII "_"), lower-cased one code unit at a time.
    const separated = simhash64('x y zz ww');
    for (let c = 0x80; c < 0x10000; c++) {
      if (c >= 0xd800 && c < 0xe000) continue;
      const ch = String.fromCharCode(c);
      const expected = /[\p{L}\p{N}]/u.test(ch) ? simhash64(`x${ch.toLowerCase()[0]}y zz ww`) : separated;
      if (simhash64(`x${ch}y zz ww`) !== expected) expect.fail(`U+${c.toString(16)}`);
    }
  });
});

describe('hammingDistance', () => {
  it('is 0 for equal fingerprints', () => {
    expect(hammingDistance('0123456789abcdef', '0123456789abcdef')).toBe(0);
  });

  it('counts differing bits', () => {
    expect(hammingDistance('0000000000000000', '0000000000000001')).toBe(1);
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('8000000000000000', '0000000000000001')).toBe(2);
    expect(hammingDistance('00000000000000ff', '000000000000000f')).toBe(4);
  });

  it('is symmetric', () => {
    expect(hammingDistance('a5a5a5a5a5a5a5a5', '5a5a5a5a5a5a5a5a')).toBe(hammingDistance('5a5a5a5a5a5a5a5a', 'a5a5a5a5a5a5a5a5'));
  });
});
