/**
 * Article body: the text blocks of the page's main content, in reading order.
 *
 * Steps (each a named heuristic):
 *  1. segment   — one walk over the DOM turns inline text runs into blocks, split at
 *                 block-element boundaries and at `<br><br>`; junk subtrees are skipped.
 *  2. locate    — "good" blocks (long, few links) weigh on their ancestors; descend
 *                 from <body> into the child holding most of the weight while it holds
 *                 most of it. That element is the content container.
 *  3. select    — keep the container's blocks that are not link lists, boilerplate
 *                 phrases, byline/date lines or the headline.
 */
import type { AnyNode, Element } from './dom.js';
import { classAndId } from './dom.js';
import { parseTextDate } from './dates.js';
import { CHROME_ROLE, CHROME_TAGS, HIDDEN, NAMED, NON_CONTENT_TAGS, attributeSignals, hasBoilerplateClass, isCommentSection, isBoilerplateText, isBylineOrDateLine } from './boilerplate.js';
import { normalizeText, detach } from '../clean/normalize.js';

export type BlockKind = 'p' | 'h' | 'li' | 'quote' | 'pre' | 'cell' | 'run';

export interface Block {
  text: string;
  kind: BlockKind;
  /** Nearest block-level element the text belongs to. */
  owner: Element;
  chars: number;
  linkChars: number;
  /** The walk had passed the headline when this block ended (kickers and labels come before it). */
  afterHeadline: boolean;
  /** Link text before any plain text: teasers start with their headline link. */
  leadLinkChars: number;
  /**
   * Ancestors that boilerplate rules mark as page chrome (share bars, related lists,
   * comments), innermost last. Whether they count depends on the container found:
   * a "widget" class on an ancestor of the whole article says nothing about its text.
   */
  chrome: readonly Element[];
}

export interface BodyOptions {
  /** Subtrees to skip entirely (embeds, captions, the headline). */
  exclude: ReadonlySet<AnyNode>;
  headline: Element | null;
  title: string | null;
}

export interface BodyResult {
  paragraphs: string[];
  /** Characters of text in the chosen paragraphs. */
  chars: number;
}

const BLOCK_KIND: Record<string, BlockKind> = {
  p: 'p', h1: 'h', h2: 'h', h3: 'h', h4: 'h', h5: 'h', h6: 'h', li: 'li', dt: 'li', dd: 'li',
  blockquote: 'quote', pre: 'pre', td: 'cell', th: 'cell',
};

const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset',
  'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'li', 'main', 'ol',
  'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'html',
]);

/** Page roots and table parts: their classes describe layout ("table-header"), not chrome. */
const NEVER_CHROME = new Set(['html', 'body', 'main', 'article', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th']);

/** Beyond this depth the tree is pathological (10,000-deep nesting); its text is ignored. */
const MAX_DEPTH = 400;

interface Run {
  parts: string[];
  linkParts: number;
  leadLink: number;
  sawPlain: boolean;
  owner: Element;
  kind: BlockKind;
  chrome: readonly Element[];
}

const NO_CHROME: readonly Element[] = [];

/** What the segment walk needs to know about a tag name, looked up once per element. */
interface TagInfo {
  /** Never body text (NON_CONTENT_TAGS): the subtree is skipped. */
  skip: boolean;
  /** Starts and ends a block. */
  block: boolean;
  /** A skipped element that still separates the text around it. */
  separates: boolean;
  /** Never a chrome mark (page roots and table parts). */
  neverChrome: boolean;
  /** Chrome by its tag alone (header, footer, aside). */
  chromeTag: boolean;
  /** The kind of block its own text forms. */
  kind: BlockKind;
}

const INLINE_INFO: TagInfo = { skip: false, block: false, separates: false, neverChrome: false, chromeTag: false, kind: 'run' };
const TAG_INFO = new Map<string, TagInfo>();
for (const name of new Set([...NON_CONTENT_TAGS, ...BLOCK_ELEMENTS, ...NEVER_CHROME, ...CHROME_TAGS, ...Object.keys(BLOCK_KIND)])) {
  const block = BLOCK_ELEMENTS.has(name);
  TAG_INFO.set(name, {
    skip: NON_CONTENT_TAGS.has(name),
    block,
    separates: block || name === 'img' || name === 'picture' || name === 'figcaption',
    neverChrome: NEVER_CHROME.has(name),
    chromeTag: CHROME_TAGS.has(name),
    kind: BLOCK_KIND[name] ?? 'run',
  });
}

// String#trim and \s share one definition of white space; the test allocates nothing.
const NON_BLANK = /\S/;

/** Step 1: segment the DOM into text blocks. */
export function segment(root: AnyNode, exclude: ReadonlySet<AnyNode>, headline: Element | null = null): Block[] {
  const blocks: Block[] = [];
  let run: Run | null = null;
  let afterHeadline = headline === null;

  const flush = () => {
    if (run === null) return;
    const raw = run.parts.join('');
    const current = run;
    run = null;
    const text = normalizeText(raw);
    if (text === '') return;
    blocks.push({
      text,
      kind: current.kind,
      owner: current.owner,
      chars: text.length,
      linkChars: Math.min(current.linkParts, text.length),
      leadLinkChars: Math.min(current.leadLink, text.length),
      afterHeadline,
      chrome: current.chrome,
    });
  };

  const visitText = (data: string, owner: Element, kind: BlockKind, inLink: boolean, chrome: readonly Element[]): void => {
    if (run === null) {
      if (!NON_BLANK.test(data)) return;
      run = { parts: [], linkParts: 0, leadLink: 0, sawPlain: false, owner, kind, chrome };
    }
    run.parts.push(data);
    if (inLink) {
      const n = data.trim().length;
      run.linkParts += n;
      if (!run.sawPlain) run.leadLink += n;
    } else if (!run.sawPlain && NON_BLANK.test(data)) {
      run.sawPlain = true;
    }
  };

  const visit = (node: AnyNode, owner: Element, kind: BlockKind, inLink: boolean, chrome: readonly Element[], depth: number): void => {
    if (depth > MAX_DEPTH) return;
    const type = node.type;
    if (type === 'text') {
      visitText((node as unknown as { data: string }).data, owner, kind, inLink, chrome);
      return;
    }
    if (type === 'root') {
      const children = (node as unknown as { children: AnyNode[] }).children;
      for (let i = 0; i < children.length; i++) visit(children[i]!, owner, kind, inLink, chrome, depth + 1);
      return;
    }
    if (type !== 'tag') return; // script, style, comments, directives
    const el = node as Element;
    if (exclude.has(el)) {
      flush();
      if (el === headline) afterHeadline = true;
      return;
    }
    const name = el.name;
    if (name === 'br') {
      if (run !== null && isDoubleBreak(el)) flush();
      else if (run !== null) run.parts.push(' ');
      return;
    }
    const info = TAG_INFO.get(name) ?? INLINE_INFO;
    const signals = info.skip ? 0 : attributeSignals(el);
    if (info.skip || (signals & HIDDEN) !== 0) {
      if (info.separates) flush();
      return;
    }
    if (name === 'hr') {
      flush();
      return;
    }
    const children = el.children;
    let childChrome = chrome;
    if (!info.neverChrome && (info.chromeTag || (signals & CHROME_ROLE) !== 0 || ((signals & NAMED) !== 0 && hasBoilerplateClass(el)))) {
      childChrome = [...chrome, el];
    }
    if (info.block) {
      flush();
      for (let i = 0; i < children.length; i++) visit(children[i]!, el, info.kind, inLink, childChrome, depth + 1);
      flush();
      return;
    }
    const childLink = inLink || name === 'a';
    if (childChrome !== chrome) {
      // An inline element with a chrome class (a "Read more" span) is its own block.
      flush();
      for (let i = 0; i < children.length; i++) visit(children[i]!, owner, kind, childLink, childChrome, depth + 1);
      flush();
      return;
    }
    for (let i = 0; i < children.length; i++) visit(children[i]!, owner, kind, childLink, chrome, depth + 1);
  };

  visit(root, root as Element, 'run', false, NO_CHROME, 0);
  flush();
  return blocks;
}

/** `<br>` followed (past white space) by another `<br>` ends a paragraph. */
function isDoubleBreak(br: Element): boolean {
  let prev = br.prev;
  while (prev !== null && prev.type === 'text' && (prev as unknown as { data: string }).data.trim() === '') prev = prev.prev;
  if (prev !== null && prev.type === 'tag' && (prev as Element).name === 'br') return true;
  let next = br.next;
  while (next !== null && next.type === 'text' && (next as unknown as { data: string }).data.trim() === '') next = next.next;
  return next !== null && next.type === 'tag' && (next as Element).name === 'br';
}

const MIN_GOOD_CHARS = 40;
/** Descend into a child only while it holds this share of the weight: lower cuts leads off, higher lets chrome in. */
const DESCEND_SHARE = 0.8;
/** Marks on elements holding this share of the page's good text are wrappers, not chrome. */
const PAGE_CHROME_SHARE = 0.5;

/** A teaser: a block led by a long link (its headline) followed by a summary. */
function isTeaser(b: Block): boolean {
  return b.leadLinkChars >= 20 && b.leadLinkChars / b.chars >= 0.12 && b.leadLinkChars < b.chars;
}

function isGoodBlock(b: Block): boolean {
  if (b.kind === 'h' || isTeaser(b)) return false;
  if (b.chars < MIN_GOOD_CHARS) return false;
  return b.linkChars / b.chars < 0.35;
}

function baseWeight(b: Block): number {
  // Longer paragraphs weigh more than proportionally: articles have them, teasers don't.
  return b.chars * (b.chars > 150 ? 1.5 : 1);
}

function addUp(weight: Map<AnyNode, number>, from: AnyNode, w: number): void {
  let node: AnyNode | null = from;
  for (let guard = 0; node !== null && guard < MAX_DEPTH + 10; guard++) {
    weight.set(node, (weight.get(node) ?? 0) + w);
    node = node.parent;
  }
}

export interface ContainerResult {
  container: Element | null;
  /**
   * Chrome marks that hold at least half of the page's good text sit on page-wide
   * wrappers ("pg-rail-tall", "widget Blog"), not on chrome: they are ignored.
   */
  isRealChrome: (mark: Element) => boolean;
  /** Good-text weight under an element. */
  rawWeight: (el: AnyNode) => number;
}

/** Step 2: find the content container. */
export function locateContainer(blocks: readonly Block[], root: AnyNode): ContainerResult {
  const raw = new Map<AnyNode, number>();
  let rawTotal = 0;
  const good = blocks.filter(isGoodBlock);
  for (const b of good) {
    const w = baseWeight(b);
    rawTotal += w;
    addUp(raw, b.owner, w);
  }
  const isRealChrome = (mark: Element) => (raw.get(mark) ?? 0) < rawTotal * PAGE_CHROME_SHARE || isCommentSection(mark);
  const rawWeight = (el: AnyNode) => raw.get(el) ?? 0;
  if (rawTotal === 0) return { container: null, isRealChrome, rawWeight };

  // Text under real chrome (comments, sidebars) counts less.
  const weight = new Map<AnyNode, number>();
  for (const b of good) {
    const demoted = b.chrome.some(isRealChrome);
    addUp(weight, b.owner, baseWeight(b) * (demoted ? 0.25 : 1));
  }
  let current: AnyNode = root;
  for (let guard = 0; guard < MAX_DEPTH + 10; guard++) {
    const here = weight.get(current) ?? 0;
    let best: AnyNode | null = null;
    let bestWeight = 0;
    for (const child of (current as Element).children ?? []) {
      const w = weight.get(child) ?? 0;
      if (w > bestWeight) {
        best = child;
        bestWeight = w;
      }
    }
    if (best === null || best.type !== 'tag' || bestWeight < here * DESCEND_SHARE) break;
    // Never descend into a single paragraph: the container holds several blocks.
    if (BLOCK_KIND[(best as Element).name] !== undefined && (best as Element).name !== 'td') break;
    current = best;
  }
  // Without <body> (fragments: htmlparser2 builds no implied body) the document root itself
  // may be the container, when it holds markup at all (bare text or binary junk is no page).
  const isContainer = current.type === 'tag' || (current.type === 'root' && (current as unknown as Element).children.some((c) => c.type === 'tag'));
  return { container: isContainer ? (current as Element) : null, isRealChrome, rawWeight };
}

function contains(ancestor: AnyNode, node: AnyNode): boolean {
  let n: AnyNode | null = node;
  for (let guard = 0; n !== null && guard < MAX_DEPTH + 10; guard++) {
    if (n === ancestor) return true;
    n = n.parent;
  }
  return false;
}

/** Step 3: keep the body blocks of the container. */
export function extractBody(root: AnyNode, options: BodyOptions): BodyResult {
  const blocks = segment(root, options.exclude, options.headline);
  const { container, rawWeight } = locateContainer(blocks, root);
  // Inside the container, a mark holding most of its text is a wrapper ("sharingContainer").
  const containerWeight = container === null ? 0 : rawWeight(container);
  const isRealChrome = (mark: Element) => rawWeight(mark) < containerWeight * 0.5;
  const scope = container === null ? [] : [container, ...proseSiblings(container, blocks)];
  const inScope = blocks.map((b) => scope.some((el) => contains(el, b.owner)));
  const leads = leadsAfterHeadline(blocks, inScope, options.headline, container);
  const inside = blocks.filter((b, i) => inScope[i] || leads.has(b));

  // Teasers before the first or after the last real paragraph are link modules
  // (tickers, "more stories"); between paragraphs they are the article's own list.
  let firstGood = inside.length;
  let lastGood = -1;
  inside.forEach((b, i) => {
    if (isGoodBlock(b)) {
      firstGood = Math.min(firstGood, i);
      lastGood = i;
    }
  });
  // Named heuristic "body starts after the headline": labels and kickers above the
  // headline inside the article container are not body.
  const headlineInside = options.headline !== null && container !== null && contains(container, options.headline);
  const keep = inside.map((b, i) => {
    if (headlineInside && !b.afterHeadline) return false;
    if (isChromeWithin(b, container!, isRealChrome)) return false;
    const linkDensity = b.linkChars / b.chars;
    if ((linkDensity > 0.5 && !isLinkedProse(b)) || (isTeaser(b) && (i < firstGood || i > lastGood))) return false;
    if (linkDensity > 0.3 && b.chars < 60 && !isLinkedProse(b)) return false;
    if (options.title !== null && b.text === options.title) return false;
    if (isBoilerplateText(b.text) || isBylineOrDateLine(b.text)) return false;
    if (b.kind !== 'h' && isDateLine(b.text)) return false;
    // Named heuristic "label": a few words without sentence punctuation are UI labels
    // ("Kontakt", "PDF", "YOGA"), not running text. Headings and list items are exempt.
    if (b.kind === 'run' && b.chars < 25) {
      if (!/[.!?:;"')\]]$/.test(b.text)) return false;
    }
    return true;
  });
  dropOrphanHeadings(inside, keep);
  dropPromoTail(inside, keep);

  const paragraphs: string[] = [];
  let chars = 0;
  inside.forEach((b, i) => {
    if (!keep[i]) return;
    // Only kept text is copied out of the page (a slice would pin the whole page string).
    paragraphs.push(detach(b.text));
    chars += b.chars;
  });
  return { paragraphs, chars };
}

/**
 * Named heuristic "linked prose": a long sentence with links in it, or an address
 * written out as its own link (a URL, an e-mail), is text, not navigation.
 */
function isLinkedProse(b: Block): boolean {
  if (b.kind === 'li' || b.kind === 'h') return false;
  if (/^(?:https?:\/\/|www\.)\S+$|^[\w.+-]+@[\w-]+\.[\w.-]+$/.test(b.text)) return true;
  return b.chars >= 120 && b.linkChars / b.chars <= 0.85 && b.text.split(' ').length >= 15;
}

/** Named heuristic "date line": a short line that is mostly a date ("segunda-feira, 22 de janeiro de 2018 às 0:13"). */
function isDateLine(text: string): boolean {
  if (text.length > 60 || text.split(' ').length > 8) return false;
  return parseTextDate(text) !== null;
}

/** A heading, or a short line ending in ":", introducing what follows. */
function isHeadingLike(b: Block): boolean {
  // A "heading" of more than ~100 characters is a dek or a lead set in a heading tag.
  return (b.kind === 'h' && b.chars <= 100) || (b.chars <= 80 && b.text.endsWith(':'));
}

/**
 * Named heuristic "orphan heading": a heading whose section was dropped ("Related
 * stories" above a link list, "Mehr zum Thema:") or that ends the body goes too.
 * Walks backwards so a heading followed by a kept sub-heading stays.
 */
function dropOrphanHeadings(blocks: readonly Block[], keep: boolean[]): void {
  for (let i = blocks.length - 1; i >= 0; i--) {
    if (!keep[i] || !isHeadingLike(blocks[i]!)) continue;
    const next = i + 1;
    if (next >= blocks.length || !keep[next]) keep[i] = false;
  }
}

/** How many kept blocks at the end of the body the promo-tail rule looks at. */
const PROMO_TAIL_BLOCKS = 6;
const PROMO = /\b(?:subscribe|subscribers?|newsletters?|log ?in|sign ?in|sign up|download (?:the|our)|follow (?:us|\p{Lu}\S* \p{Lu}|the)|app store|google play|abonn\p{L}*|subskryp\p{L}*|lire la suite|continue reading|read the full|accès illimité|accéder en illimité|unlimited access|weiterlesen|registrier\p{L}*|anmelden|suscr[ií]b\p{L}*|suscripci\p{L}*|s'abonner|abonnez|telegram|whatsapp|youtube|spende|donate|unterstütze|support us|kostenlose beratung|aktuelle ausgabe|current issue|lesen sie (?:das|die|den)|exklusive|exclusive|follow @\S+|follow .{0,40} on (?:twitter|x|facebook|instagram|tiktok)|full coverage|listen (?:live|back|again)|if you enjoyed this|letters? to the editor|coment[aá]rios?|comments? (?:are|will be)|moderat\p{L}*)\b/iu;

/** "Follow us on Twitter …", "Follow The Gleaner on Instagram @… and on Facebook …": however long, the site's. */
const SOCIAL_FOLLOW = /^follow\b.{0,100}?\bon (?:twitter|x|facebook|instagram|tiktok|threads|bluesky|linkedin|youtube|whatsapp|telegram)\b/i;

/**
 * Named heuristic "promo tail": short calls to subscribe, follow or download at the
 * end of the body are the site's, not the author's; so is a call to follow the site
 * on social media, whatever its length.
 */
function dropPromoTail(blocks: readonly Block[], keep: boolean[]): void {
  let seen = 0;
  for (let i = blocks.length - 1; i >= 0 && seen < PROMO_TAIL_BLOCKS; i--) {
    if (!keep[i]) continue;
    seen++;
    const b = blocks[i]!;
    if ((b.chars < 160 && PROMO.test(b.text)) || (b.chars < 400 && SOCIAL_FOLLOW.test(b.text))) keep[i] = false;
  }
}

/**
 * Named heuristic "lead after the headline": when the headline sits outside the body
 * container, the running text between it and the container (a lead or intro set in
 * the article header) is article too — not the meta lines, share bars or labels there.
 */
function leadsAfterHeadline(blocks: readonly Block[], inScope: readonly boolean[], headline: Element | null, container: Element | null): Set<Block> {
  const leads = new Set<Block>();
  if (headline === null || container === null || contains(container, headline)) return leads;
  const firstInScope = inScope.indexOf(true);
  if (firstInScope <= 0) return leads;
  let start = firstInScope;
  while (start > 0 && blocks[start - 1]!.afterHeadline && firstInScope - start < 12) start--;
  if (start === firstInScope || !blocks[start]!.afterHeadline) return leads;
  for (let i = start; i < firstInScope && leads.size < 2; i++) {
    const b = blocks[i]!;
    // A lead set in a heading tag is still a lead when it is paragraph-long.
    const proseLike = isProse(b) || (b.kind === 'h' && b.chars >= UNNAMED_LEAD_MIN_CHARS && b.linkChars === 0);
    if (!proseLike || isTeaser(b) || b.chrome.some((m) => m.name !== 'header' && !contains(m, container))) continue;
    const role = leadRole(b.owner);
    // Unnamed text under the headline: a dek is one sentence (~100–150 characters),
    // a lead paragraph runs longer.
    if (role === 'lead' || (role === null && b.chars >= UNNAMED_LEAD_MIN_CHARS)) leads.add(b);
  }
  return leads;
}

// A lead (chapô, Vorspann, sommario) opens the article and is body; a dek/standfirst
// summarises it under the headline and is not (fixtures/README.md).
const LEAD_CLASS = /(?:^|[\s_-])(?:lead|lede|intro|introduction|chapo|chapeau|chapô|sommario|occhiello|vorspann|teaser|entradilla|bajada|abstract|article-?intro)(?:$|[\s_-])/;
const UNNAMED_LEAD_MIN_CHARS = 160;
const DEK_CLASS = /dek|standfirst|excerpt|summary|subtitle|sub-?title|subhead|description|heading-des|strap|deck/;

function leadRole(owner: Element): 'lead' | 'dek' | null {
  let el: Element | null = owner;
  for (let depth = 0; el !== null && el.type === 'tag' && depth < 3; depth++) {
    const names = classAndId(el);
    if (names !== '') {
      if (DEK_CLASS.test(names)) return 'dek';
      if (LEAD_CLASS.test(names)) return 'lead';
    }
    el = el.parent as Element | null;
  }
  return null;
}

/**
 * Named heuristic "prose siblings": a lead paragraph, or the rest of a body split by
 * an ad, often sits beside the body container in its own element. Adjacent siblings
 * that hold only plain, link-free prose (headings allowed, no chrome) are article.
 */
function proseSiblings(container: Element, blocks: readonly Block[]): Element[] {
  const found: Element[] = [];
  const isProseElement = (el: Element): boolean | null => {
    const own = blocks.filter((b) => contains(el, b.owner));
    if (own.length === 0) return null;
    if (own.length > 8) return false;
    let proseChars = 0;
    let allChars = 0;
    for (const b of own) {
      if (b.chrome.some((m) => contains(el, m) && m.name !== 'header')) return false;
      if (b.linkChars / b.chars > 0.5 || isTeaser(b)) return false;
      allChars += b.chars;
      if (isProse(b)) proseChars += b.chars;
    }
    // Mostly running text; meta lines and a subheading may sit beside it.
    return proseChars > 0 && proseChars >= allChars * 0.6;
  };
  for (const step of ['prev', 'next'] as const) {
    let taken = 0;
    for (let sib = container[step]; sib !== null && taken < 3; sib = sib[step]) {
      if (sib.type === 'text') {
        if ((sib as unknown as { data: string }).data.trim() === '') continue;
        break;
      }
      if (sib.type !== 'tag') continue;
      const verdict = isProseElement(sib as Element);
      if (verdict === null) continue;
      if (!verdict) break;
      found.push(sib as Element);
      taken++;
    }
  }
  return found;
}

/**
 * A chrome mark counts only when it sits strictly inside the container. An article
 * `<header>` is chrome for its labels and meta lines but not for a lead paragraph.
 */
function isChromeWithin(b: Block, container: Element, isRealChrome: (mark: Element) => boolean): boolean {
  for (const el of b.chrome) {
    if (el === container || !isRealChrome(el) || !contains(container, el)) continue;
    if (el.name === 'header' && isProse(b)) continue;
    return true;
  }
  return false;
}

/** A block of running text: long enough, hardly any links. */
function isProse(b: Block): boolean {
  return (b.kind === 'p' || b.kind === 'run') && b.chars >= 80 && b.linkChars / b.chars < 0.1;
}
