/**
 * Text normalization applied to every text field of a record (DESIGN.md §1,
 * fixtures/README.md "Normalization"). Keeps the source's words; changes only
 * code points that carry no meaning of their own.
 */

export interface NormalizeOptions {
  /** Fold curly quotes and apostrophes to ASCII `'` and `"` (default true). */
  asciiQuotes?: boolean;
}

// Single quotes ‘ ’ ‚ ‛ and double quotes “ ” „ ‟. Guillemets, primes and dashes are kept.
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F]/g;
// Removed outright: zero-width space, word joiner, BOM, soft hyphen. ZWJ/ZWNJ (U+200C/D) stay.
const INVISIBLES = /[\u200B\u2060\uFEFF\u00AD]/g;
// Runs of white space (JS \s: every Unicode space separator, nbsp, line breaks, tabs) that
// are not already a single " ": a lone space, the common case, is left alone rather than
// replaced by itself at every word.
const SPACES = / \s+|[^\S ]\s*/g;
// Fast path: plain printable ASCII with single spaces needs no work.
const NEEDS_WORK = /[^\x21-\x7E ]|  |^ | $/;

// Latin-1 text is NFC already (it has no combining marks) and holds no curly quotes.
const LATIN1_ONLY = /^[\x00-\xFF]*$/;

export function normalizeText(input: string, options: NormalizeOptions = {}): string {
  if (!NEEDS_WORK.test(input)) return input;
  let s = input;
  if (!LATIN1_ONLY.test(s)) {
    s = s.normalize('NFC');
    if (options.asciiQuotes !== false) s = s.replace(SINGLE_QUOTES, "'").replace(DOUBLE_QUOTES, '"');
    s = s.replace(INVISIBLES, '');
  } else if (s.indexOf('\u00AD') !== -1) {
    s = s.replace(INVISIBLES, ''); // the soft hyphen is the only invisible in Latin-1
  }
  return s.replace(SPACES, ' ').trim();
}

/** Normalizes, and returns null for strings that end up empty. */
export function normalizeOrNull(input: string | null | undefined, options?: NormalizeOptions): string | null {
  if (input == null) return null;
  const s = normalizeText(input, options);
  return s === '' ? null : s;
}

const ASCII_ONLY = /^[\x00-\x7F]*$/;
/**
 * Characters without a compatibility mapping, so NFKC leaves NFC text made of them alone:
 * ASCII, accented Latin-1 letters, Greek and Cyrillic letters, CJK ideographs, kana,
 * Hangul syllables, CJK brackets and full stops, dashes, curly quotes and the bullet.
 * Most news text stays inside this set, and NFKC is costly. (The set holds no combining
 * marks, so a string inside it is NFC too.) Tested character by character.
 */
const NFKC_STABLE = /^[\x00-\x7F\u00C0-\u00FF\u0386\u0388-\u03CE\u0400-\u04FF\u2013\u2014\u2018\u2019\u201C\u201D\u2022\u3001\u3002\u3008-\u3011\u3041-\u3096\u30A1-\u30FA\u30FC\u4E00-\u9FFF\uAC00-\uD7A3]*$/;
const LINKS = /(?:https?:\/\/|pic\.twitter\.com\/)\S+/g;
// Runs of anything but letters and digits, except a lone space (left as it is, not
// replaced by itself at every word).
const NOT_ALPHANUMERIC = / [^\p{L}\p{N}]+|[^\p{L}\p{N} ][^\p{L}\p{N}]*/gu;
// In ASCII, \p{L} and \p{N} are exactly these (the input is lower-cased first).
const NOT_ASCII_ALPHANUMERIC = / [^a-z0-9]+|[^a-z0-9 ][^a-z0-9]*/g;

/**
 * A looser key for comparing texts that differ only in punctuation, case or
 * trailing links ("Ms" vs "Ms.", a glued pic.twitter.com link): letters and digits only.
 */
export function comparisonKey(input: string): string {
  if (ASCII_ONLY.test(input)) {
    return input.toLowerCase().replace(LINKS, ' ').replace(NOT_ASCII_ALPHANUMERIC, ' ').trim();
  }
  return (NFKC_STABLE.test(input) ? input : input.normalize('NFKC'))
    .toLowerCase()
    .replace(LINKS, ' ')
    .replace(NOT_ALPHANUMERIC, ' ')
    .trim();
}

/**
 * Copies a string so that it no longer shares memory with the page it was sliced
 * from (V8 sliced strings keep their parent alive; see NOTES.md, Crawlee #3809).
 */
export function detach(s: string): string {
  return s.length === 0 ? '' : (' ' + s).slice(1);
}
