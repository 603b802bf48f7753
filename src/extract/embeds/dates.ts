/**
 * Footer dates of embedded posts, written in the embedder's locale ("September 5, 2018",
 * "15 décembre 2023", "25. September 2018", "5 de septiembre de 2018", "2024년 5월 3일",
 * "Tuesday, 14 May 2024", "February 2, 2025 at 4:17 PM") → calendar date "YYYY-MM-DD".
 * Footers carry no time zone, so a time of day is dropped on purpose.
 */

const MONTH_NAMES: ReadonlyArray<readonly string[]> = [
  // en, fr, de, es, it, pt, nl, sv/da/no, pl (genitive), ru (genitive), tr, id
  ['january', 'jan', 'janvier', 'janv', 'januar', 'jänner', 'jän', 'enero', 'ene', 'gennaio', 'gen', 'janeiro', 'januari', 'stycznia', 'января', 'ocak'],
  ['february', 'feb', 'février', 'fevrier', 'févr', 'fevr', 'februar', 'febrero', 'febbraio', 'fevereiro', 'fev', 'februari', 'lutego', 'февраля', 'şubat', 'subat'],
  ['march', 'mar', 'mars', 'märz', 'marz', 'mär', 'marzo', 'março', 'marco', 'maart', 'marts', 'marca', 'марта', 'mart', 'maret'],
  ['april', 'apr', 'avril', 'avr', 'abril', 'abr', 'aprile', 'kwietnia', 'апреля', 'nisan'],
  ['may', 'mai', 'mayo', 'maggio', 'mag', 'maio', 'mei', 'maj', 'maja', 'мая', 'mayıs', 'mayis'],
  ['june', 'jun', 'juin', 'juni', 'junio', 'giugno', 'giu', 'junho', 'czerwca', 'июня', 'haziran'],
  ['july', 'jul', 'juillet', 'juil', 'juli', 'julio', 'luglio', 'lug', 'julho', 'lipca', 'июля', 'temmuz'],
  ['august', 'aug', 'août', 'aout', 'agosto', 'ago', 'augustus', 'augusti', 'sierpnia', 'августа', 'ağustos', 'agustos', 'agustus'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre', 'setiembre', 'settembre', 'set', 'setembro', 'września', 'wrzesnia', 'сентября', 'eylül', 'eylul'],
  ['october', 'oct', 'octobre', 'oktober', 'okt', 'octubre', 'ottobre', 'ott', 'outubro', 'out', 'października', 'pazdziernika', 'октября', 'ekim'],
  ['november', 'nov', 'novembre', 'noviembre', 'novembro', 'listopada', 'ноября', 'kasım', 'kasim', 'nopember'],
  ['december', 'dec', 'décembre', 'decembre', 'déc', 'dezember', 'dez', 'diciembre', 'dic', 'dicembre', 'dezembro', 'desember', 'grudnia', 'декабря', 'aralık', 'aralik', 'des'],
];

const MONTH_BY_NAME = new Map<string, number>();
MONTH_NAMES.forEach((names, index) => {
  for (const name of names) MONTH_BY_NAME.set(name, index + 1);
});

// Longest names first so "sept" wins over "sep" and "juillet" over "jul".
const MONTH_ALTERNATION = [...MONTH_BY_NAME.keys()].sort((a, b) => b.length - a.length).join('|');
// "5 September 2018", "25. September 2018", "1er mars 2024", "15 décembre 2023", "5 de septiembre de 2018", "5 сентября 2018 г."
const DAY_MONTH_YEAR = new RegExp(`(?<![\\p{L}\\p{N}:])(\\d{1,2})(?:st|nd|rd|th|er)?\\.?\\s*(?:de\\s+)?(${MONTH_ALTERNATION})\\.?(?:\\s+de)?,?\\s+(\\d{4})(?!\\d)`, 'iu');
// "September 5, 2018", "Sept. 5th 2018"
const MONTH_DAY_YEAR = new RegExp(`(?<![\\p{L}])(${MONTH_ALTERNATION})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`, 'iu');
// Korean, Japanese, Chinese: "2024년 5월 3일", "2024年5月3日"
const CJK = /(\d{4})\s*[년年]\s*(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[일日]/;
const ISO = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/;

/** The calendar date written in `text`, as "YYYY-MM-DD", or null when there is none. */
export function parseFooterDate(text: string | null | undefined): string | null {
  if (text == null || text === '') return null;
  const iso = ISO.exec(text);
  if (iso !== null) return calendarDate(iso[1], iso[2], iso[3]);
  const cjk = CJK.exec(text);
  if (cjk !== null) return calendarDate(cjk[1], cjk[2], cjk[3]);
  const lower = text.toLowerCase();
  const mdy = MONTH_DAY_YEAR.exec(lower);
  if (mdy !== null) return calendarDate(mdy[3], String(MONTH_BY_NAME.get(mdy[1] ?? '') ?? ''), mdy[2]);
  const dmy = DAY_MONTH_YEAR.exec(lower);
  if (dmy !== null) return calendarDate(dmy[3], String(MONTH_BY_NAME.get(dmy[2] ?? '') ?? ''), dmy[1]);
  return null;
}

function calendarDate(year: string | undefined, month: string | undefined, day: string | undefined): string | null {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  // Reject impossible days (31 April) by round-tripping through UTC.
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCMonth() !== m - 1) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
