/**
 * Splitting a photo credit off a caption ("… Photo / Supplied", "(AP Photo/Evan Vucci)",
 * "Foto: dpa", "/사진=연합뉴스"). The credit keeps its label; brackets and a leading
 * "/" around it are separators and are dropped. Only the start or the end of a caption
 * can hold a credit: a sentence that mentions a photo mid-text is left alone.
 */
import { normalizeText } from '../../clean/normalize.js';

export interface CreditSplit {
  text: string;
  credit: string | null;
}

// Labels written before a credit. Longer alternatives first: the regex takes the first that fits.
const LATIN_LABEL =
  '(?:photo\\s+credits?|image\\s+credits?|picture\\s+credits?|cr[ée]dits?\\s+photos?|cr[ée]dit\\s+image|photo\\s+illustration' +
  '|photo(?:graph(?:ie|s|y)?|s)?|pictures?|pics?|images?|vid[ée]os?|v[íi]deos?|credits?|cr[ée]dits?|cr[ée]ditos?' +
  '|source|sources|fonte|fuente|quelle|bildquelle|bildnachweis|fotonachweis|illustrations?|ilustraci[óo]n|grafik|graphic' +
  '|fotograf[íi]as?|fotografie|fotos?|bild(?:er)?|beeld|imagen|imagem|immagine|archivbild|symbolbild|filmato|screenshot|screengrab)';
// Labels followed by a name without a separator ("Photo by X", "Courtesy of X").
const BY_LABEL =
  '(?:photo(?:graph)?s?\\s+by|photographed\\s+by|pictures?\\s+by|images?\\s+by|videos?\\s+by|(?:photo\\s+)?illustrations?\\s+by' +
  '|(?:photo\\s+)?courtesy(?:\\s+of)?|fotos?\\s+von|bild(?:er)?\\s+von|fotos?\\s+di|fotos?\\s+por|photos?\\s+par)';
// Korean, Japanese and Chinese labels; always followed by a separator (사진=, 写真：, 图/).
const CJK_LABEL =
  '(?:사진\\s*제공|자료\\s*사진|사진|그래픽|출처|영상|写真提供|写真|撮影|提供|图片来源|图片|圖片|图|圖|摄影|攝影|来源|來源|供图|資料照片|資料照)';
const SEPARATOR = '(?:\\s*[:：=＝/／|｜]\\s*|\\s+[-–—]\\s+)';

/** Every place a labelled credit may start. Case-insensitive; capitals are checked after. */
const LABEL_AT = new RegExp(
  `(?<copy>©|ⓒ|\\(c\\)(?=\\s)|copyright\\b:?)` +
    `|(?<![\\p{L}\\p{N}])(?<by>${BY_LABEL})\\s+(?=\\S)` +
    `|(?<![\\p{L}\\p{N}])(?<lab>${LATIN_LABEL})(?<sep>${SEPARATOR}|\\s+)(?=\\S)` +
    `|(?<cjk>${CJK_LABEL})\\s*[:：=＝/／|｜・]\\s*(?=\\S)`,
  'giu',
);
const LABEL_AT_START = new RegExp(LABEL_AT.source, 'iuy');

/** Agencies and sources that make a bare trailing segment a credit ("… night. Getty Images"). */
const AGENCIES = [
  'ap', 'afp', 'reuters', 'getty', 'getty images', 'epa', 'efe', 'epa-efe', 'dpa', 'pa', 'pa wire', 'pa images', 'aap',
  'anp', 'ansa', 'xinhua', 'kyodo', 'yonhap', 'bloomberg', 'shutterstock', 'alamy', 'istock', 'istockphoto', 'imago',
  'keystone', 'belga', 'ntb', 'lusa', 'sipa', 'abaca', 'corbis', 'polaris', 'redux', 'zuma', 'nurphoto', 'sopa',
  'anadolu', 'tass', 'sputnik', 'nzme', 'supplied', 'handout', 'pool', 'wireimage', 'filmmagic', 'unsplash', 'pexels',
  'flickr', 'wikimedia', 'apa', 'ddp', 'dapd', 'maxppp', 'lapresse', 'europa press', 'picture alliance',
  'picture-alliance', 'ullstein', 'associated press', 'agência brasil', 'divulgação', 'divulgacion', 'reprodução', 'archivo', 'archiv',
];
const AGENCY_WORD = new RegExp(`(?<![\\p{L}\\p{N}])(?:${AGENCIES.map(escapeRe).join('|')})(?![\\p{L}\\p{N}])`, 'iu');
// CJK agency names have no word boundaries.
const CJK_AGENCY = /연합뉴스|뉴스1|뉴시스|共同|時事|ロイター|新华社|新華社|中新社|中新网|路透|法新社/u;

/** Lower-case words allowed inside a name-like credit ("Getty Images for X", "Name via AP"). */
const CONNECTORS = new Set([
  'via', 'for', 'and', 'of', 'de', 'del', 'della', 'di', 'da', 'do', 'dos', 'van', 'von', 'der', 'den', 'du', 'des',
  'le', 'la', 'les', 'the', 'y', 'e', 'und', 'et', 'en', 'bin', 'al', 'el', 'zu', 'ten', 'ter', '/', '|', '-', '&', '–',
]);
/** Short words that end with a full stop without ending a sentence. */
const ABBREVIATIONS = new Set(['jr', 'sr', 'st', 'dr', 'mr', 'mrs', 'ms', 'co', 'inc', 'ltd', 'corp', 'bros', 'mt', 'no', 'pty', 'llc', 'ed', 'eds']);

const OPENERS: Record<string, string> = { ')': '(', ']': '[', '）': '（', '】': '【', '〕': '〔' };
const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '（': '）', '【': '】', '〔': '〕' };
/** Separators left between a caption and its credit. */
const TRAILING_SEPARATORS = /[\s/／|｜—–\-:：,，;；=＝、(（[【]+$/u;
const LEADING_SEPARATORS = /^[\s/／|｜—–\-:：,，;；=＝、)）\]】]+/u;
/** Sentence ends after which a bare credit ("Getty Images", "Photo AFP") may follow. */
const SENTENCE_BOUNDARY = /(?:[.!?…"'»”’)\]。！？」』]\s+|\s+[|｜/／—–-]\s*|[。！？」』])/gu;

const MAX_CREDIT_CHARS = 140;
const MAX_CREDIT_WORDS = 14;

export function splitCredit(input: string): CreditSplit {
  const s = normalizeText(input);
  if (s === '') return { text: '', credit: null };
  return (
    trailingBracket(s) ??
    trailingLabel(s) ??
    trailingSegment(s) ??
    trailingCjkPhotographer(s) ??
    leadingBracket(s) ??
    wholeCredit(s) ?? { text: s, credit: null }
  );
}

/** Cleans the text of a credit element: no surrounding brackets, no leading "/", no final full stop. */
export function cleanCredit(input: string): string | null {
  let s = normalizeText(input);
  for (let i = 0; i < 2; i++) {
    const first = s[0];
    const close = first === undefined ? undefined : CLOSERS[first];
    if (close !== undefined && s.endsWith(close) && matchingOpen(s, s.length - 1) === 0) s = s.slice(1, -1).trim();
  }
  s = dropFinalStop(s.replace(LEADING_SEPARATORS, '').replace(/[\s,;，；]+$/u, ''));
  return s === '' ? null : s;
}

/** True when the whole string reads as a credit ("AP Photo/Evan Vucci", "Photo AFP", "Getty Images"). */
export function isCreditLike(s: string): boolean {
  if (s === '' || s.length > MAX_CREDIT_CHARS || words(s).length > MAX_CREDIT_WORDS) return false;
  if (labelAtStart(s)) return true;
  if (/\bAP Photo\b/i.test(s)) return !hasSentenceBreak(s);
  if (/\svia\s+\p{Lu}[\p{L}.\-]*(?:\s+\p{Lu}[\p{L}.\-]*){0,3}$/u.test(s)) return !hasSentenceBreak(s);
  if (isAgencySegment(s)) return true;
  return s.length <= 30 && /(?:摄|攝|撮影)$/u.test(s);
}

// ---- the forms -------------------------------------------------------------------------

/** "… (AP Photo/Evan Vucci)", "… [사진 제공=X]", "… （写真：共同）". */
function trailingBracket(s: string): CreditSplit | null {
  const last = s[s.length - 1];
  if (last === undefined || OPENERS[last] === undefined) return null;
  const open = matchingOpen(s, s.length - 1);
  if (open < 0) return null;
  const inner = s.slice(open + 1, -1).trim();
  if (!isCreditLike(inner)) return null;
  return result(s.slice(0, open), inner);
}

/** "[사진 제공=X] …", "(AP Photo/X) …": a credit written before the caption. */
function leadingBracket(s: string): CreditSplit | null {
  const first = s[0];
  const close = first === undefined ? undefined : CLOSERS[first];
  if (close === undefined) return null;
  const end = matchingClose(s, 0);
  if (end < 0) return null;
  const inner = s.slice(1, end).trim();
  const rest = s.slice(end + 1).replace(LEADING_SEPARATORS, '');
  if (rest === '' || !isCreditLike(inner)) return null;
  return { text: rest, credit: dropFinalStop(inner) };
}

/** "… Photo / Supplied", "… Picture: X", "… © Photo X", "… Photo AFP", "… /사진=연합뉴스". */
function trailingLabel(s: string): CreditSplit | null {
  if (!mayHoldLabel(s)) return null;
  for (const m of s.matchAll(LABEL_AT)) {
    const at = m.index;
    const before = s.slice(0, at);
    if (!labelFits(m, before, s.slice(at + m[0].length))) continue;
    return result(before, s.slice(at));
  }
  return null;
}

/** "… night. Getty Images", "… Saturday. Reuters/John Smith", "… | Instagram/@name". */
function trailingSegment(s: string): CreditSplit | null {
  for (const m of s.matchAll(SENTENCE_BOUNDARY)) {
    const start = m.index + m[0].length;
    const segment = s.slice(start);
    if (segment === '' || !isAgencySegment(segment)) continue;
    // Keep the closing punctuation of the sentence in the text.
    const before = s.slice(0, start).replace(/\s+$/u, '');
    return result(before, segment);
  }
  return null;
}

/** A "caption" that is only a credit ("Patrick Semansky, ASSOCIATED PRESS"): nothing left as text. */
function wholeCredit(s: string): CreditSplit | null {
  if (!(AGENCY_WORD.test(s) || CJK_AGENCY.test(s)) || !isAgencySegment(s)) return null;
  return { text: '', credit: dropFinalStop(s) };
}

/** Japanese "…、山田太郎撮影" and Chinese "… 新华社记者 李贺 摄". */
function trailingCjkPhotographer(s: string): CreditSplit | null {
  const m = /(?:^|[\s、，,。])([^\s、，,。]{1,20}(?:\s[^\s、，,。]{1,12}){0,2}\s?(?:撮影|摄|攝))$/u.exec(s);
  if (m === null || m[1] === undefined) return null;
  const credit = m[1];
  return result(s.slice(0, s.length - credit.length), credit);
}

// ---- checks ----------------------------------------------------------------------------

type LabelMatch = RegExpMatchArray & { groups?: Record<string, string | undefined> };

function labelFits(m: LabelMatch, before: string, rest: string): boolean {
  const g = m.groups ?? {};
  const credit = m[0] + rest;
  if (rest.trim() === '' || credit.length > MAX_CREDIT_CHARS || words(credit).length > MAX_CREDIT_WORDS) return false;
  if (hasSentenceBreak(credit) || !balanced(credit)) return false;
  const atStart = before.trim() === '';
  const prev = before[before.length - 1] ?? '';
  const softBoundary = atStart || /[\s/／|｜(（[【。、，．]/u.test(prev);
  if (g['copy'] !== undefined) return softBoundary && (!atStart || isNameLike(rest));
  if (g['cjk'] !== undefined) return softBoundary;
  const label = g['by'] ?? g['lab'] ?? '';
  // A label in lower case is prose ("a photo: …"); capitals mark a credit.
  if (!/^\p{Lu}/u.test(label)) return false;
  if (g['by'] !== undefined) return sentenceBoundary(before) && words(rest).length <= 8;
  const bare = (g['sep'] ?? '').trim() === '';
  if (bare) {
    // "Photo AFP", "Foto Ansa": no separator, so only a short run of capitalised words after a sentence.
    return sentenceBoundary(before) && words(rest).length <= 5 && isNameLike(rest);
  }
  return softBoundary && (!atStart || isNameLike(rest));
}

/** A label at the start of bracketed text: the bracket is the boundary. */
function labelAtStart(s: string): boolean {
  LABEL_AT_START.lastIndex = 0;
  const m = LABEL_AT_START.exec(s);
  if (m === null) return false;
  return labelFits(m, '(', s.slice(m[0].length));
}

/** A bare segment that names an agency or has the "Name/Outlet" shape, in capitalised words. */
function isAgencySegment(segment: string): boolean {
  const seg = segment.trim();
  if (seg.length === 0 || seg.length > 90) return false;
  const tokens = words(seg);
  if (tokens.length > 8 || !tokens.every(isNameToken)) return false;
  if (hasSentenceBreak(seg)) return false;
  if (AGENCY_WORD.test(seg) || CJK_AGENCY.test(seg)) return true;
  // "Name/Outlet": a slash between two capitalised parts.
  return /[\p{Lu}\p{Lo}\p{N}@][^/]*\s?\/\s?[\p{Lu}\p{Lo}@]/u.test(seg);
}

function isNameLike(s: string): boolean {
  const tokens = words(s);
  return tokens.length > 0 && tokens.every(isNameToken);
}

function isNameToken(token: string): boolean {
  if (CONNECTORS.has(token.toLowerCase())) return true;
  const first = token.replace(/^[("'“‘[@©ⓒ]+/u, '')[0];
  if (first === undefined) return true;
  // Upper case, digits and scripts without case count; a lower-case word is prose.
  return !/\p{Ll}/u.test(first) || token.includes('/') && token.split('/').some((p) => /^\p{Lu}/u.test(p));
}

/** A full stop after a real word followed by more words: the "credit" runs into a sentence. */
function hasSentenceBreak(s: string): boolean {
  const tokens = words(s);
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i] ?? '';
    if (!/[.!?]$/.test(t)) continue;
    const letters = t.replace(/[^\p{L}]/gu, '');
    if (letters.length < 2 || letters === letters.toUpperCase() || ABBREVIATIONS.has(letters.toLowerCase())) continue;
    return true;
  }
  return false;
}

function sentenceBoundary(before: string): boolean {
  const t = before.trimEnd();
  return t === '' || /[.!?…"'»”’)\]。！？」』|｜/／—–\-(（[【]$/u.test(t);
}

/** Cheap test before running the label regex. */
function mayHoldLabel(s: string): boolean {
  return /[©ⓒ:：=＝/／|｜]|\(c\)|\s[-–—]\s|photo|pic|imag|vid|credit|cr[ée]d|foto|bild|beeld|courtesy|source|sources|quelle|fuente|fonte|illustr|graph|grafi|filmato|[\u3000-\u9fff\uac00-\ud7af]/iu.test(s);
}

// ---- helpers ---------------------------------------------------------------------------

function result(before: string, credit: string): CreditSplit {
  const text = before.replace(TRAILING_SEPARATORS, '');
  return { text, credit: dropFinalStop(credit.replace(LEADING_SEPARATORS, '').trim()) };
}

function dropFinalStop(s: string): string {
  if (!s.endsWith('.')) return s;
  const lastWord = s.slice(0, -1).split(/[\s/]/).pop() ?? '';
  const letters = lastWord.replace(/[^\p{L}]/gu, '');
  // "J." and "Inc." keep their full stop; "Photo: AP." loses it.
  if (letters.length <= 1 || ABBREVIATIONS.has(letters.toLowerCase()) || /\.\p{L}$/u.test(lastWord)) return s;
  return s.slice(0, -1);
}

function words(s: string): string[] {
  return s.split(/\s+/).filter((w) => w !== '');
}

/** No closing bracket without its opener: a credit never runs out of a bracket. */
function balanced(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    if (CLOSERS[ch] !== undefined) depth++;
    else if (OPENERS[ch] !== undefined && --depth < 0) return false;
  }
  return true;
}

function matchingOpen(s: string, closeAt: number): number {
  const close = s[closeAt] ?? '';
  const open = OPENERS[close];
  if (open === undefined) return -1;
  let depth = 0;
  for (let i = closeAt; i >= 0; i--) {
    if (s[i] === close) depth++;
    else if (s[i] === open && --depth === 0) return i;
  }
  return -1;
}

function matchingClose(s: string, openAt: number): number {
  const open = s[openAt] ?? '';
  const close = CLOSERS[open];
  if (close === undefined) return -1;
  let depth = 0;
  for (let i = openAt; i < s.length; i++) {
    if (s[i] === open) depth++;
    else if (s[i] === close && --depth === 0) return i;
  }
  return -1;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
