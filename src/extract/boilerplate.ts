/**
 * Named heuristics that say an element or a text block is not article body:
 * tag names, class/id vocabularies in several languages, hidden markup, and
 * boilerplate phrases. Each is a small predicate so it can be tested alone.
 */
import type { Element } from './dom.js';
import { classAndId } from './dom.js';
import { detach } from '../clean/normalize.js';

/** Elements whose content is never body text. */
export const NON_CONTENT_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'svg', 'canvas', 'object', 'embed', 'video', 'audio',
  'button', 'input', 'select', 'textarea', 'option', 'label', 'nav', 'menu', 'dialog', 'head', 'title', 'link',
  'meta', 'map', 'picture', 'img', 'source', 'figcaption', 'math',
]);

/** Structural regions that hold page chrome unless they turn out to hold the article. */
export const CHROME_TAGS = new Set(['header', 'footer', 'aside']);

// Always boilerplate, whatever else the class says.
// Each word must start a class token or follow "-"/"_": hashed CSS-in-JS names
// ("tagStyle_z4kq") must not match "tags".
const STRONG_NEGATIVE = new RegExp(
  '(?:^|[\\s_-])(?:' +
  [
    'comment(?!s?-(?:open|enabled|closed|count)|ary|ator)', 'kommentar', 'replies', 'disqus', 'share', 'sharing', 'social', 'newsletter', 'subscri',
    'signup', 'sign-up', 'related', 'recommend', 'read-?more', 'readmore', 'more-?stories', 'more-?news', 'most-?(?:read|popular|viewed)',
    'popular', 'trending', 'outbrain', 'taboola', 'zergnet', 'revcontent', 'advert', 'adsense', 'dfp', 'gpt-ad',
    'ad-?slot', 'ad-?unit', 'ad-?wrap', 'ad-?container', 'ad-?placeholder', 'adblock', 'sponsor', 'promo', 'cookie',
    'consent', 'gdpr', 'onetrust', 'ot-sdk', 'didomi', 'usercentrics', 'cookiebot', 'cybotcookiebot', 'truste',
    'qc-cmp', 'sp_message', 'privacy-?(?:banner|notice|manager)', 'breadcrumb', 'pagination', 'pager', 'author-?bio', 'author-?info', 'author-?box',
    'about-?the-?author', 'sidebar', 'side-?bar', 'site-?footer', 'site-?header', 'masthead', 'navbar', 'nav-?bar',
    'navigation', 'menu', 'popup', 'modal', 'overlay', 'lightbox', 'toolbar', 'skip-?link', 'sr-only', 'visually-?hidden',
    'screen-?reader', 'print-?only', 'paywall-?(?:prompt|message|banner)', 'login', 'register', 'donate', 'teaser-?list',
    'tag-?list', 'taglist', 'tags(?:$|[\\s_-])', 'topics-?list', 'keywords', 'kicker', 'eyebrow', 'overline', 'standfirst',
    'byline', 'dateline', 'timestamp', 'publish-?date', 'article-?date', 'article-?meta', 'post-?meta', 'entry-?meta',
    'meta-?data', 'caption', 'credit', 'copyright', 'disclaimer', 'correction-?policy', 'rating', 'reactions',
    'lesen-?sie', 'mehr-?zum', 'weitere-?artikel', 'auch-?interessant', 'a-lire-aussi', 'lire-?aussi', 'voir-?aussi',
    'leer-?mas', 'tambien', 'vedi-?anche', 'leggi-?anche', 'zie-?ook', 'relacionad', 'correlat', 'empfehl',
    'livestream-?list', 'key-?events', 'key-?moments', 'pinned-?label', 'liveblog-?nav', 'jump-?link', 'toc(?:$|[\\s_-])',
    'table-?of-?contents', 'app-?download', 'video-?playlist', 'gallery-?thumbs', 'slideshow-?nav', 'feedback',
    'hidden-?print', 'embed', 'tweet', 'instagram', 'tiktok', 'facebook', 'bluesky', 'mastodon', 'reddit-card',
  ].join('|') +
  ')',
  'i',
);

// Boilerplate unless the same class/id also says "article body". Matched per class token,
// at its start or end only: "site-footer", "footer-links" and "ad" are chrome, while
// BEM names with the word inside ("elementor-top-section", "pg-rail-tall") are not.
const WEAK_WORDS = '(?:ad|ads|advert|nav|bio|meta|footer|aside|extra|links|tools|utility|rail|promo|more|bottom|widget|sidebar|author|authors|date|dates|share|follow|subscribe|social|tags|topics|newsletter|community|discussion|talkback)';
// Over the whole class list at once (no split): a word at a token's start, followed by
// the token's end or "-"/"_", or after "-"/"_" at a token's end.
const WEAK_TOKEN = new RegExp(`(?:^|\\s)${WEAK_WORDS}(?=$|[\\s_-])|[-_]${WEAK_WORDS}(?=$|\\s)`, 'i');

function hasWeakNegativeToken(names: string): boolean {
  return WEAK_TOKEN.test(names);
}

const POSITIVE = /article|body|content|entry|main|story|text|post|prose|rich-?text|markdown|paragraph|detail|column/i;

/** Class/id says "not body". The article's own container is protected by the caller. */
export function hasBoilerplateClass(el: Element): boolean {
  // One pass over the element's own attributes: a named look-up of one it lacks is a
  // megamorphic miss (attribute objects have as many shapes as the page has combinations).
  let cls: string | undefined;
  let id: string | undefined;
  const attribs = el.attribs;
  for (const key in attribs) {
    if (key === 'class') cls = attribs[key];
    else if (key === 'id') id = attribs[key];
  }
  if (id === undefined) {
    if (cls === undefined) return false;
    // Class lists repeat across elements and pages, and the verdict depends on the
    // string only, so a bounded memo is safe. Keyed by the raw string: lower-casing
    // first would allocate for every element of the page.
    let verdict = classVerdicts.get(cls);
    if (verdict === undefined) {
      verdict = classSaysBoilerplate(classAndId(el));
      remember(classVerdicts, cls, verdict);
    }
    return verdict;
  }
  const names = classAndId(el);
  let verdict = classAndIdVerdicts.get(names);
  if (verdict === undefined) {
    verdict = classSaysBoilerplate(names);
    remember(classAndIdVerdicts, names, verdict);
  }
  return verdict;
}

const VERDICT_CACHE_SIZE = 20_000;
const classVerdicts = new Map<string, boolean>();
const classAndIdVerdicts = new Map<string, boolean>();

function remember(cache: Map<string, boolean>, key: string, verdict: boolean): void {
  if (cache.size >= VERDICT_CACHE_SIZE) cache.clear();
  // A copy: the attribute value is a slice of its page, which the memo would keep alive.
  cache.set(detach(key), verdict);
}

function classSaysBoilerplate(names: string): boolean {
  if (STRONG_NEGATIVE.test(names)) {
    // "article-body share-enabled" style compounds: a strong word inside a clearly-positive
    // class list is trusted only when the positive word is the element's own role.
    return !isArticleBodyName(names);
  }
  return hasWeakNegativeToken(names) && !POSITIVE.test(names);
}

const ARTICLE_BODY_NAME = /(?:^|\s)(?:article|story|entry|post)[-_]?(?:body|content|text)|(?:^|\s)(?:body|content)[-_]?(?:text|body)|articlebody|storybody|post-content|entry-content|article__body|story__body|rich-?text/;

function isArticleBodyName(names: string): boolean {
  return ARTICLE_BODY_NAME.test(names);
}

const COMMENTS = /(?:^|[\s_-])(?:comment(?!s?-(?:open|enabled|closed|count)|ary|ator)|kommentar|replies|disqus|community|discussion|talkback|leserbrief)/;

/** Reader comments: chrome however much text they hold (long threads outweigh short articles). */
export function isCommentSection(el: Element): boolean {
  const names = classAndId(el);
  return names !== '' && COMMENTS.test(names);
}

/** Signals of `attributeSignals`, as bits. */
export const HIDDEN = 1;
export const CHROME_ROLE = 2;
/** The element has a class or an id (worth asking `hasBoilerplateClass`). */
export const NAMED = 4;

const HIDDEN_STYLE = /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i;
const CHROME_LABEL = /cookie|consent|privacy|advert|newsletter|share|social|breadcrumb|navigation|related/i;
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'dialog', 'alert']);

/**
 * What an element's attributes say, read in one pass over the few it has: cheaper on
 * every element of the page than looking up each attribute the rules name.
 *   HIDDEN      — hidden from readers (hidden attribute, display:none, aria-hidden lightboxes)
 *   CHROME_ROLE — a role or accessible label that marks chrome
 *   NAMED       — has a class or an id
 */
export function attributeSignals(el: Element): number {
  let signals = 0;
  const a = el.attribs;
  for (const key in a) {
    switch (key) {
      case 'class':
      case 'id':
        signals |= NAMED;
        break;
      case 'hidden':
        signals |= HIDDEN;
        break;
      case 'aria-hidden':
        if (a[key] === 'true' && el.name !== 'span' && el.name !== 'i') signals |= HIDDEN;
        break;
      case 'style':
        if (HIDDEN_STYLE.test(a[key]!)) signals |= HIDDEN;
        break;
      case 'aria-label':
        if (CHROME_LABEL.test(a[key]!)) signals |= CHROME_ROLE;
        break;
      case 'role':
        if (CHROME_ROLES.has(a[key]!)) signals |= CHROME_ROLE;
        break;
    }
  }
  return signals;
}

// Whole-block boilerplate phrases (multilingual). Anchored: a sentence that merely contains them stays.
const BOILERPLATE_TEXT = new RegExp(
  '^(?:' +
    [
      'advertisement', 'advertising', 'anzeige', 'publicité', 'publicidad', 'pubblicità', 'sponsored( content)?',
      'read more', 'read next', 'read also', 'also read', 'more:?', 'related:?.*', 'related (?:stories|articles|coverage|content)',
      'see also', 'lesen sie (?:auch|mehr).*', 'mehr zum thema.*', 'weiterlesen', 'lire aussi.*', 'à lire aussi.*',
      'leer más.*', 'lee también.*', 'leggi anche.*', 'share( this)?( article| story| on .*)?', 'share on .*', 'tweet',
      'sign up .{0,80}newsletter.*', 'subscribe( now)?( to .*)?', 'click here to .*', 'follow us on .*',
      'all rights reserved\\.?', '(?:©|\\(c\\)|copyright) .{0,120}', 'pinned( post)?', 'key (?:moments|events)',
      'view on (?:threads|instagram|mastodon|x|twitter|facebook|tiktok)', 'this content is not available.*',
      'we use cookies.*', 'accept( all)?( cookies)?', 'loading\\.*', 'skip to (?:main )?content', 'back to top',
      'comments?( \\(\\d+\\))?', 'leave a (?:comment|reply)', 'print( this)?( article)?', 'email( this)?',
      '\\d+ min(?:ute)?s?( read| to read)?', '(?:lesezeit|temps de lecture|reading time|tiempo de lectura|tempo de leitura)\\b.{0,20}',
      'you (?:may|might) also like.*', "don'?t miss.*", 'recommended(?: for you| stories| reading)?:?', 'more (?:from|on|in) .{1,40}',
      'trending( now)?:?', '(?:über den autor|about the author|à propos de l\'auteur|sobre el autor|sull\'autore|zum autor|die autorin|der autor)',
      '(?:erschienen in|published in|paru dans)',
      '(?:anzeige|advertisement|sponsored|werbung|publicidad|publicité|pubblicità)\\s*[-–—:|].{0,150}',
      // Numbered figure and table captions set as paragraphs ("Abbildung 4: …", "Fig. 2.").
      '(?:abbildung|abb\\.|figure|fig\\.|grafik|tabelle|table|illustration)\\s*\\d+[a-z]?\\s*[:.–-].{0,150}', '(?:permalink|permalien|short ?url|kurzlink)\\b.{0,80}', 'popular (?:now|stories|articles):?', 'something to consider', 'editor\'?s picks?:?', 'top stories:?',
      '(?:category|categories|kategorie|kategorien|catégories?|categoría|categorias?|tags?|schlagwörter|stichwörter|themen|filed under)\\s*:.*',
      '(?:crédits? photos?|photo credits?|bildnachweis|fotos?|bild(?:er)?|quelle|source|image)\\s*:.{0,80}',
      '(?:möchten sie|want to|jetzt|partagez|teilen sie).{0,40}(?:teilen|share|partager)\\??',
      '(?:this entry was posted|dieser eintrag wurde veröffentlicht|publié dans|posted in)\\b.*',
    ].join('|') +
    ')$',
  'i',
);

export function isBoilerplateText(text: string): boolean {
  if (text.length > 160) return false;
  return BOILERPLATE_TEXT.test(text);
}

const DATE_ONLY = /^(?:\p{L}{2,10},?\s+)?(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}\.?\s+\p{L}{3,10}\.?\s+\d{4}|\p{L}{3,10}\.?\s+\d{1,2},?\s+\d{4})(?:,?\s+(?:um\s+)?\d{1,2}[:.h]\d{2}(?:\s*(?:[ap]\.?m\.?|uhr))?(?:\s+\p{Lu}{2,5})?)?$/iu;

/** "By Jane Doe", "Von …", dates on their own: a byline or date line, not body. */
export function isBylineOrDateLine(text: string): boolean {
  if (text.length > 120) return false;
  if (/^(?:by|von|par|por|di|door|av|af)\s+\p{Lu}/u.test(text) && text.split(' ').length <= 12) return true;
  if (/^(?:published|updated|posted|last updated|last modified|veröffentlicht|aktualisiert|publié|mis à jour|publicado|actualizado)\b/i.test(text) && text.length < 90) return true;
  // A date standing alone ("23.10.2018", "Nov. 19, 2019 5:03 AM").
  if (text.length <= 40 && DATE_ONLY.test(text)) return true;
  return false;
}
