/**
 * Which elements are captions and which are credits, judged from tag, class, itemprop
 * and data-testid. Class names are split into words ("article-media__caption--mobile",
 * "Caption_caption__x7Yz", "imageCaption") and each class is judged on its own words,
 * so a modifier like "caption-toggle" does not make its element a caption.
 */
import type { Element } from 'domhandler';
import { detach } from '../../clean/normalize.js';

export type Role = 'caption' | 'credit' | 'byline';

/** Tags that are never a caption or credit themselves (containers, media, controls). */
const NOT_CANDIDATE = new Set([
  'html', 'head', 'body', 'main', 'article', 'section', 'header', 'footer', 'nav', 'aside', 'form', 'button',
  'input', 'select', 'option', 'textarea', 'label', 'script', 'style', 'svg', 'img', 'picture', 'source',
  'iframe', 'video', 'audio', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'ul', 'ol', 'caption', 'meta', 'link',
  'figure', 'amp-img', 'noscript', 'template', 'a', 'title', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'time',
]);

// One cheap test on the raw class string before any splitting. Case-sensitive (fast) with
// both cases of the first letter; "capture_*" and "copied" must not reach the splitting.
const MAY_MATCH =
  /[Cc]aption|CAPTION|[Ll][eé]gend|[Ss]chrift|[Dd]idascal|[Ll]eyend|[Ee]pigraf|[Pp]ie[-_dDfF]|[-_][Pp]ie\b|^[Pp]ie$|[Ff]oto[-_]?pie|[Cc]redit|CREDIT|[Cc]opyright|[Ff]otogra|[Pp]hotogra|[Bb]yline|[Aa]uthor|[Nn]achweis|[Qq]uelle|[Ss]ource|[Bb]ildtext|[Aa]ttribution/;

const CAPTION_WORDS = new Set([
  'legende', 'légende', 'legenda', 'leyenda', 'bildunterschrift', 'bildtext', 'didascalia', 'onderschrift',
  'bijschrift', 'fotobijschrift', 'epigrafe', 'piedefoto', 'piefoto', 'fotopie',
]);
const CAPTION_PREFIXED = /^caption(?:s|text|txt|wrap|wrapper|inner|content|body|container|box|area|block|desc|description)?$/;
/** Words that make a class a control or a state of something else, not the caption text. */
const NOT_CAPTION_WORDS = new Set([
  'toggle', 'toggler', 'btn', 'button', 'icon', 'menu', 'control', 'controls', 'closed', 'trigger', 'settings',
  'track', 'label', 'more', 'expand', 'collapse', 'open', 'close', 'has', 'no', 'with', 'without', 'count',
  'counter', 'nav', 'arrow', 'font', 'size', 'color', 'length', 'limit', 'enabled', 'disabled', 'show', 'hide',
  'table', 'chart', 'cc', 'subtitle', 'subtitles', 'position', 'truncated', 'excerpt', 'collapsed',
]);
const CREDIT_WORDS = new Set([
  'credit', 'credits', 'photocredit', 'imagecredit', 'mediacredit', 'copyright', 'photographer', 'fotograf',
  'fotografo', 'fotografin', 'bildnachweis', 'fotonachweis', 'bildquelle', 'attribution',
]);
/** "source"/"quelle" only count next to an image word ("image-source", "caption-source"). */
const SOURCE_WORDS = new Set(['source', 'quelle']);
const IMAGE_WORDS = new Set(['image', 'img', 'photo', 'pic', 'picture', 'caption', 'media', 'foto', 'bild']);
const NOT_CREDIT_WORDS = new Set(['card', 'score', 'rating', 'union', 'cards', 'limit']);
const BYLINE_WORDS = new Set(['byline', 'author', 'photographer']);

/** Figures that frame people cards and promos, not photos with captions. */
const NOT_PHOTO_FIGURE = new Set(['author', 'authors', 'bio', 'avatar', 'profile', 'promo', 'teaser', 'newsletter', 'related', 'advert', 'sponsor', 'sponsored']);

/** The class of a figure or figcaption says it is an author card or a promo. */
export function isCardClass(cls: string | undefined): boolean {
  if (cls === undefined || cls === '') return false;
  return classWords(cls).some((w) => NOT_PHOTO_FIGURE.has(w));
}

const PIE_FAMILY = /pie[-_]?(?:de[-_]?)?(?:foto|imagen|img|photo)|(?:foto|imagen)[-_]?pie/i;

/**
 * The role an element plays, or null. `byline` is a credit only inside a figure or
 * a caption (elsewhere it is the article's byline); the caller decides.
 */
export function roleOf(el: Element): Role | null {
  const name = el.name;
  if (name === 'figcaption') return 'caption';
  if (NOT_CANDIDATE.has(name)) return null;
  // One pass over the element's own attributes: a named look-up of one it lacks is a
  // megamorphic miss (attribute objects have as many shapes as the page has combinations).
  let itemprop: string | undefined;
  let testId: string | undefined;
  let cls: string | undefined;
  const attribs = el.attribs;
  for (const key in attribs) {
    if (key === 'class') cls = attribs[key];
    else if (key === 'itemprop') itemprop = attribs[key];
    else if (key === 'data-testid') testId = attribs[key];
  }
  if (itemprop !== undefined) {
    const role = roleOfItemprop(itemprop.toLowerCase());
    if (role !== null) return role;
  }
  if (testId !== undefined) {
    const t = testId.toLowerCase();
    if (t.includes('credit')) return 'credit';
    if (t.includes('caption') && !hasNegativeWord(classWords(t))) return 'caption';
  }
  if (cls !== undefined) {
    const role = roleOfClassCached(cls);
    if (role !== null) return role;
  }
  if (name === 'small' && cls !== undefined && /copyright/i.test(cls)) return 'credit';
  return null;
}

/**
 * Class lists repeat across a page's elements and across pages, and the role depends on
 * the string only: a bounded memo saves splitting and judging the candidates again.
 */
const classRoles = new Map<string, Role | null>();
const CLASS_ROLE_CACHE_SIZE = 20_000;

function roleOfClassCached(cls: string): Role | null {
  // Most class lists fail the cheap test, which costs less than a look-up in a big memo.
  if (!MAY_MATCH.test(cls)) return null;
  let role = classRoles.get(cls);
  if (role === undefined) {
    role = roleOfClass(cls);
    if (classRoles.size >= CLASS_ROLE_CACHE_SIZE) classRoles.clear();
    classRoles.set(detach(cls), role); // a copy: the attribute value is a slice that would keep its page alive
  }
  return role;
}

function roleOfItemprop(itemprop: string): Role | null {
  for (const prop of itemprop.split(/\s+/)) {
    if (prop === 'caption') return 'caption';
    if (prop === 'copyrightholder' || prop === 'credittext' || prop === 'copyrightnotice') return 'credit';
    if (prop === 'author' || prop === 'creator') return 'byline';
  }
  return null;
}

function roleOfClass(cls: string): Role | null {
  let role: Role | null = null;
  for (const token of cls.split(/\s+/)) {
    if (token === '') continue;
    const words = classWords(token);
    // Credit wins over caption ("caption-credit" is a credit).
    if (isCreditClass(words)) return 'credit';
    if (role === null && isCaptionClass(token, words)) role = 'caption';
    else if (role === null && words.some((w) => BYLINE_WORDS.has(w))) role = 'byline';
  }
  return role;
}

function isCaptionClass(token: string, words: string[]): boolean {
  if (hasNegativeWord(words)) return false;
  if (PIE_FAMILY.test(token)) return true;
  for (const w of words) {
    if (w.endsWith('caption') || w.endsWith('captions') || CAPTION_PREFIXED.test(w) || CAPTION_WORDS.has(w)) return true;
  }
  return false;
}

function isCreditClass(words: string[]): boolean {
  let source = false;
  let image = false;
  for (const w of words) {
    if (NOT_CREDIT_WORDS.has(w)) return false;
    if (CREDIT_WORDS.has(w) || w.endsWith('credit') || w.endsWith('credits')) return true;
    if (SOURCE_WORDS.has(w)) source = true;
    if (IMAGE_WORDS.has(w)) image = true;
  }
  return source && image;
}

function hasNegativeWord(words: string[]): boolean {
  return words.some((w) => NOT_CAPTION_WORDS.has(w));
}

/** "Caption_caption__x7Yz" → ["caption", "caption", "x7yz"]; "imageCaption" → ["image", "caption"]. */
export function classWords(token: string): string[] {
  const spaced = /[a-z][A-Z]/.test(token) ? token.replace(/([a-z])([A-Z])/g, '$1 $2') : token;
  return spaced
    .toLowerCase()
    .split(/[^a-z0-9\u00c0-\u024f]+/)
    .filter((w) => w !== '');
}
