import { describe, expect, it } from 'vitest';
import { parseDateValue, parseTextDate } from '../../../src/extract/dates.js';

describe('parseDateValue: machine-readable dates', () => {
  it('keeps an ISO offset as written', () => {
    expect(parseDateValue('2018-09-06T16:02:31+12:00')).toBe('2018-09-06T16:02:31+12:00');
  });

  it('keeps a Z offset', () => {
    expect(parseDateValue('2018-09-06T04:02:31Z')).toBe('2018-09-06T04:02:31Z');
  });

  it('writes a -0500 offset as -05:00', () => {
    expect(parseDateValue('2024-03-01T08:15:00-0500')).toBe('2024-03-01T08:15:00-05:00');
  });

  it('adds missing seconds and drops fractions', () => {
    expect(parseDateValue('2024-03-01T08:15+01:00')).toBe('2024-03-01T08:15:00+01:00');
    expect(parseDateValue('2024-03-01T08:15:09.123456Z')).toBe('2024-03-01T08:15:09Z');
  });

  it('accepts a space instead of T', () => {
    expect(parseDateValue('2024-03-01 08:15:00+02:00')).toBe('2024-03-01T08:15:00+02:00');
  });

  it('keeps a date-only value as a calendar date', () => {
    expect(parseDateValue('2018-09-06')).toBe('2018-09-06');
  });

  it('reads RFC 2822 keeping its offset', () => {
    expect(parseDateValue('Thu, 06 Sep 2018 16:02:31 +1200')).toBe('2018-09-06T16:02:31+12:00');
  });

  it('reads RFC 2822 in GMT as UTC', () => {
    expect(parseDateValue('Thu, 06 Sep 2018 04:02:31 GMT')).toBe('2018-09-06T04:02:31Z');
  });

  it('reads epoch seconds and epoch milliseconds as UTC', () => {
    expect(parseDateValue('1536206551')).toBe('2018-09-06T04:02:31Z');
    expect(parseDateValue('1536206551000')).toBe('2018-09-06T04:02:31Z');
  });

  it('trims surrounding white space', () => {
    expect(parseDateValue('  2018-09-06T16:02:31+12:00\n')).toBe('2018-09-06T16:02:31+12:00');
  });

  it.each([
    ['a day that does not exist', '2023-02-30'],
    ['a month that does not exist', '2023-13-01'],
    ['an hour out of range', '2023-01-01T25:00:00Z'],
    ['year 1800', '1800-01-01'],
    ['year 1800 with a time', '1800-05-04T10:00:00Z'],
    ['a far-future year', '2999-01-01'],
    ['garbage', 'not a date'],
    ['an empty string', ''],
    ['digits that are not an epoch', '12345'],
    ['an overlong value', '2018-09-06'.repeat(10)],
  ])('returns null for %s', (_name, value) => {
    expect(parseDateValue(value)).toBeNull();
  });

  it('returns null for null and undefined', () => {
    expect(parseDateValue(null)).toBeNull();
    expect(parseDateValue(undefined)).toBeNull();
  });
});

describe('parseTextDate: dates written for readers', () => {
  it.each([
    ['English, month first', 'September 6, 2018', '2018-09-06'],
    ['English, abbreviated with ordinal', 'Published Sept. 6th, 2018 at 4:02 PM', '2018-09-06'],
    ['English, day first', '6 September 2018', '2018-09-06'],
    ['French', 'Publié le 15 décembre 2023 à 10h', '2023-12-15'],
    ['French, first of the month', '1er mars 2024', '2024-03-01'],
    ['German', 'Veröffentlicht am 3. März 2024', '2024-03-03'],
    ['German, numeric', '03.03.2024, 14:05 Uhr', '2024-03-03'],
    ['Spanish', '5 de septiembre de 2018', '2018-09-05'],
    ['Korean', '입력 2024년 5월 3일 오후 2:10', '2024-05-03'],
    ['Japanese', '2024年5月3日', '2024-05-03'],
    ['numeric year first', '2024/05/03', '2024-05-03'],
  ])('reads %s: %s', (_name, text, expected) => {
    expect(parseTextDate(text)).toBe(expected);
  });

  it.each([['31 April 2024'], ['30 février 2023'], ['yesterday'], ['May 2024'], ['6 September 1850']])('returns null for %s', (text) => {
    expect(parseTextDate(text)).toBeNull();
  });
});
