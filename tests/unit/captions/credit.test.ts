import { describe, expect, it } from 'vitest';
import { cleanCredit, isCreditLike, splitCredit } from '../../../src/extract/captions/credit.js';

type Row = [input: string, text: string, credit: string | null];

const SPLITS: Row[] = [
  // English, NZ/AU/UK/US styles
  ['Kim at the White House. Photo / Supplied', 'Kim at the White House.', 'Photo / Supplied'],
  ['Kim at the White House Photo / Twitter', 'Kim at the White House', 'Photo / Twitter'],
  ['Crowds on the beach. Photo: AP', 'Crowds on the beach.', 'Photo: AP'],
  ['Trees block Marine Parade. Picture: Tom Okafor', 'Trees block Marine Parade.', 'Picture: Tom Okafor'],
  ['The footbridge at dusk. Photograph: Sam Hollis/Northern Ledger', 'The footbridge at dusk.', 'Photograph: Sam Hollis/Northern Ledger'],
  ['The couple wed in Bellagio. Image: Instagram/@caryswynn', 'The couple wed in Bellagio.', 'Image: Instagram/@caryswynn'],
  ['Drone footage of the river. Video / Riverside Record', 'Drone footage of the river.', 'Video / Riverside Record'],
  ['President Biden speaks in Washington. (AP Photo/Evan Vucci)', 'President Biden speaks in Washington.', 'AP Photo/Evan Vucci'],
  ['Fans cheer in Paris. (Jane Doe/The Daily Planet via AP)', 'Fans cheer in Paris.', 'Jane Doe/The Daily Planet via AP'],
  ['Smoke rises on Tuesday. (Photo: Renee Cho / Metro Daily)', 'Smoke rises on Tuesday.', 'Photo: Renee Cho / Metro Daily'],
  ['Rangi celebrates his winner. Getty Images', 'Rangi celebrates his winner.', 'Getty Images'],
  ['Traders work on the floor. Reuters', 'Traders work on the floor.', 'Reuters'],
  ['Protesters march in Lyon. AFP', 'Protesters march in Lyon.', 'AFP'],
  ['Traders work on the floor. REUTERS/Brendan McDermid', 'Traders work on the floor.', 'REUTERS/Brendan McDermid'],
  ['The ship at anchor. John Smith/AFP via Getty Images', 'The ship at anchor.', 'John Smith/AFP via Getty Images'],
  ['The harbour at night. © Jane Doe', 'The harbour at night.', '© Jane Doe'],
  ['The harbour at night. Photo by Jane Doe', 'The harbour at night.', 'Photo by Jane Doe'],
  ['The rescued dog. Courtesy of the Smith family', 'The rescued dog.', 'Courtesy of the Smith family'],
  ['The old mill. Credit: Historical Society', 'The old mill.', 'Credit: Historical Society'],
  // French
  ['Le lac illuminé samedi soir. © Photo Jean Dupuis', 'Le lac illuminé samedi soir.', '© Photo Jean Dupuis'],
  ['Les bénévoles ont installé 12 000 lampions. (Photo AFP)', 'Les bénévoles ont installé 12 000 lampions.', 'Photo AFP'],
  ['Les bénévoles ont installé les lampions. Photo AFP', 'Les bénévoles ont installé les lampions.', 'Photo AFP'],
  ['Le maire sur le pont. Photo : Claire Moreau', 'Le maire sur le pont.', 'Photo : Claire Moreau'],
  // German, Spanish, Italian, Dutch, Portuguese
  ['Demonstranten vor dem Reichstag. Foto: Kay Nietfeld/dpa', 'Demonstranten vor dem Reichstag.', 'Foto: Kay Nietfeld/dpa'],
  ['Der neue Bahnhof. Bild: Stadtwerke', 'Der neue Bahnhof.', 'Bild: Stadtwerke'],
  ['Die Grafik zeigt die Entwicklung. Quelle: Statistisches Bundesamt', 'Die Grafik zeigt die Entwicklung.', 'Quelle: Statistisches Bundesamt'],
  ['Der Hafen bei Nacht (Foto: picture alliance/dpa)', 'Der Hafen bei Nacht', 'Foto: picture alliance/dpa'],
  ['El presidente en Madrid. Foto: EFE', 'El presidente en Madrid.', 'Foto: EFE'],
  ['Il sindaco in piazza. Foto Ansa', 'Il sindaco in piazza.', 'Foto Ansa'],
  ['De burgemeester op het plein. Foto: ANP', 'De burgemeester op het plein.', 'Foto: ANP'],
  ['O presidente em Brasília. Foto: Divulgação', 'O presidente em Brasília.', 'Foto: Divulgação'],
  // Korean, Japanese, Chinese
  ['서울 광화문 광장의 모습 /사진=연합뉴스', '서울 광화문 광장의 모습', '사진=연합뉴스'],
  ['서울 광화문 광장의 모습 [사진 제공=서울시]', '서울 광화문 광장의 모습', '사진 제공=서울시'],
  ['[사진 제공=서울시] 서울 광화문 광장의 모습', '서울 광화문 광장의 모습', '사진 제공=서울시'],
  ['記者会見する首相（写真：共同）', '記者会見する首相', '写真：共同'],
  ['桜が満開の公園。撮影：山田太郎', '桜が満開の公園。', '撮影：山田太郎'],
  ['市民在公园赏花。图/新华社', '市民在公园赏花。', '图/新华社'],
  ['市民在公园赏花。摄影：李明', '市民在公园赏花。', '摄影：李明'],
  ['The senator arrives. (Photo by Jane Smith/Getty Images)', 'The senator arrives.', 'Photo by Jane Smith/Getty Images'],
  ['The new logo. Illustration by Ana Ruiz', 'The new logo.', 'Illustration by Ana Ruiz'],
  ['The post as it appeared on Monday. Screenshot: X', 'The post as it appeared on Monday.', 'Screenshot: X'],
  ['Traders at work. Photo: J. Smith/AP', 'Traders at work.', 'Photo: J. Smith/AP'],
  ['De koning op bezoek. Foto ANP / Remko de Waal', 'De koning op bezoek.', 'Foto ANP / Remko de Waal'],
  ['O ministro em Lisboa. Foto: Reprodução/Instagram', 'O ministro em Lisboa.', 'Foto: Reprodução/Instagram'],
  ['Il premier a Roma (ANSA)', 'Il premier a Roma', 'ANSA'],
  ['El presidente en Madrid. EFE/Juan Pérez', 'El presidente en Madrid.', 'EFE/Juan Pérez'],
  ['서울 도심의 모습 (사진=연합뉴스)', '서울 도심의 모습', '사진=연합뉴스'],
  ['서울 도심의 모습 [연합뉴스 자료사진]', '서울 도심의 모습', '연합뉴스 자료사진'],
  ['서울 도심의 모습 ⓒ연합뉴스', '서울 도심의 모습', 'ⓒ연합뉴스'],
  ['市民在公园赏花。（新华社记者 李贺 摄）', '市民在公园赏花。', '新华社记者 李贺 摄'],
  ['会見する首相＝東京都千代田区で、山田太郎撮影', '会見する首相＝東京都千代田区で', '山田太郎撮影'],
  ['Patrick Semansky, ASSOCIATED PRESS', '', 'Patrick Semansky, ASSOCIATED PRESS'],
  // Nothing to split
  ['Das Bild zeigt den Hafen (Symbolbild)', 'Das Bild zeigt den Hafen (Symbolbild)', null],
  ['Fans at the ground. Before kick-off', 'Fans at the ground. Before kick-off', null],
  ['The photo was taken in 1990 by her father.', 'The photo was taken in 1990 by her father.', null],
  ['A Photo of the team was shown at the meeting.', 'A Photo of the team was shown at the meeting.', null],
  ['Pictured: John Smith at the opening on Friday.', 'Pictured: John Smith at the opening on Friday.', null],
  ['Players (left to right) Smith, Jones and Brown.', 'Players (left to right) Smith, Jones and Brown.', null],
  ['The mayor (centre) cuts the ribbon.', 'The mayor (centre) cuts the ribbon.', null],
  ['The view from the summit (2019)', 'The view from the summit (2019)', null],
  ['Image: a dog jumps over the fence in the park', 'Image: a dog jumps over the fence in the park', null],
  ['Photos show the damage. The council will meet on Monday.', 'Photos show the damage. The council will meet on Monday.', null],
  ['', '', null],
];

describe('splitCredit', () => {
  it.each(SPLITS)('%s', (input, text, credit) => {
    expect(splitCredit(input)).toEqual({ text, credit });
  });

  it('normalizes white space, nbsp and curly quotes first', () => {
    expect(splitCredit('  “Best yet,” she said.\u00a0 Photo\u00a0/ Hemi Walker ')).toEqual({
      text: '"Best yet," she said.',
      credit: 'Photo / Hemi Walker',
    });
  });

  it('drops a final full stop from the credit but keeps initials', () => {
    expect(splitCredit('Crowds on the beach. Photo: AP.').credit).toBe('Photo: AP');
    expect(splitCredit('Crowds on the beach. Photo: John J.').credit).toBe('Photo: John J.');
  });
});

describe('cleanCredit', () => {
  it.each([
    ['(Photo: AP)', 'Photo: AP'],
    ['[사진 제공=서울시]', '사진 제공=서울시'],
    [' / Photo / Supplied ', 'Photo / Supplied'],
    ['Getty Images.', 'Getty Images'],
    ['   ', null],
  ])('%s', (input, expected) => {
    expect(cleanCredit(input)).toBe(expected);
  });
});

describe('isCreditLike', () => {
  it.each([
    ['AP Photo/Evan Vucci', true],
    ['Photo AFP', true],
    ['Getty Images', true],
    ['Name/Outlet via AP', true],
    ['left to right', false],
    ['2019', false],
    ['file', false],
  ])('%s → %s', (input, expected) => {
    expect(isCreditLike(input)).toBe(expected);
  });
});
