import { describe, expect, it } from 'vitest';
import { parseFooterDate } from '../../../src/extract/embeds/dates.js';

describe('parseFooterDate', () => {
  it.each([
    ['September 5, 2018', '2018-09-05'],
    ['Sept. 5, 2018', '2018-09-05'],
    ['15 décembre 2023', '2023-12-15'],
    ['14 déc. 2023', '2023-12-14'],
    ['25. September 2018', '2018-09-25'],
    ['3. März 2024', '2024-03-03'],
    ['5 de septiembre de 2018', '2018-09-05'],
    ['12 maggio 2022', '2022-05-12'],
    ['1 de janeiro de 2020', '2020-01-01'],
    ['7 mei 2021', '2021-05-07'],
    ['5 сентября 2018 г.', '2018-09-05'],
    ['2024년 5월 3일', '2024-05-03'],
    ['2024年5月3日', '2024-05-03'],
    ['Tuesday, 14 May 2024', '2024-05-14'],
    ['Posted by Port Hallow City Council on Saturday, 11 October 2025', '2025-10-11'],
    ['February 2, 2025 at 4:17 PM', '2025-02-02'],
    ['2023-06-11T18:22:05+00:00', '2023-06-11'],
  ])('%s → %s', (input, expected) => {
    expect(parseFooterDate(input)).toBe(expected);
  });

  it.each([[''], ['yesterday'], ['31 April 2024'], ['May 2024'], ['4:17 PM'], [null]])('%s → null', (input) => {
    expect(parseFooterDate(input)).toBeNull();
  });
});
