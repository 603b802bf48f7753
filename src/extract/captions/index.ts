/**
 * Image and video captions of a page (DESIGN.md §1, fixtures/README.md `captions`):
 * figcaptions, WordPress `.wp-caption-text`, caption and credit elements by class in many
 * CMSs and languages, table/list layouts. Credits are split off; copies are merged.
 *
 * The orchestrator calls this after removing embeds, then removes `nodes` so caption
 * text never reaches the body.
 */
import type { CheerioAPI } from 'cheerio/slim';
import type { Element, ParentNode } from 'domhandler';
import type { Caption } from '../../record.js';
import { detach } from '../../clean/normalize.js';
import { resolveUrl } from '../../url.js';
import { cleanCredit, splitCredit } from './credit.js';
import { dedupeCaptions, type CaptionDraft } from './dedupe.js';
import { listCaption, tableCaption } from './layout.js';
import { hasVideoHint, isCard, isQuoteFigure } from './figure.js';
import { captionText, findScopeImage, type Marked } from './scope.js';
import { containsAny, documentOrder, insideAny, isInside, isNeighbour } from './tree.js';
import { walkDocument, type Candidate } from './walk.js';

export { splitCredit } from './credit.js';

export interface CaptionScan {
  captions: Caption[];
  /** Caption and credit elements (copies included), to remove before body extraction. */
  nodes: Element[];
}

type State = 'caption' | 'absorbed' | 'container' | 'invalid';

/** Captions longer than this, or holding headings/lists/media, are containers or body. */
const MAX_CAPTION_TEXT = 1200;
const MAX_CAPTION_PARAGRAPHS = 4;
const MAX_CREDIT_TEXT = 200;
const MAX_LINK_SHARE = 0.6;
const NOTHING: ReadonlySet<Element> = new Set();

interface Site {
  el: Element;
  /** Credit elements inside the caption (outermost only). */
  credits: Element[];
  /** Text of a credit element near the caption, outside it (`div.image-credit` in the figure). */
  looseCredit: string | null;
  /** Layout captions know their image already. */
  imageUrl?: string;
  figure: Element | null;
}

/** A site measured: its text, image and frame. */
interface Reading {
  site: Site;
  raw: string;
  imageUrl: string | null;
  strong: boolean;
  frame: Element | null;
  linkCard: boolean;
}

export function findCaptions($: CheerioAPI, pageUrl: string): CaptionScan {
  const root = $.root()[0] as unknown as ParentNode | undefined;
  if (root === undefined) return { captions: [], nodes: [] };
  const walk = walkDocument(root);
  const base = (walk.baseHref !== null ? resolveUrl(walk.baseHref, pageUrl) : null) ?? pageUrl;

  const states = resolveCaptions(walk.candidates);
  const sites: Site[] = [];
  const siteOf = new Map<Candidate, Site>();
  for (const c of walk.candidates) {
    if (c.role !== 'caption' || states.get(c) !== 'caption' || c.inLink || isQuoteFigure(c) || isCard(c)) continue;
    const site: Site = { el: c.el, credits: [], looseCredit: null, figure: c.figure };
    sites.push(site);
    siteOf.set(c, site);
  }
  const loose = sortCredits(walk.candidates, states, siteOf);

  // Captions laid out in tables and definition lists, unless already found by markup.
  const captionEls = new Set(sites.map((s) => s.el));
  let layoutFound = false;
  for (const holder of [...walk.tables, ...walk.lists]) {
    const found = holder.name === 'dl' ? listCaption(holder, base) : tableCaption(holder, base);
    if (found === null || containsAny(found.cell, captionEls) || insideAny(found.cell, captionEls)) continue;
    sites.push({ el: found.cell, credits: [], looseCredit: null, imageUrl: found.imageUrl, figure: null });
    captionEls.add(found.cell);
    layoutFound = true;
  }
  if (layoutFound) sites.sort((a, b) => documentOrder(a.el, b.el));

  const creditEls = new Set<Element>(loose.map((c) => c.el));
  for (const s of sites) for (const el of s.credits) creditEls.add(el);
  const marked: Marked = { captions: captionEls, credits: creditEls };
  const readings = sites.map((site) => read(site, marked, base));
  const nodes: Element[] = [];
  for (const r of readings) {
    if (r.linkCard) continue;
    nodes.push(r.site.el);
  }
  attachLooseCredits(loose, readings, nodes);

  const drafts: CaptionDraft[] = [];
  for (const r of readings) {
    const draft = r.linkCard ? null : draftOf(r);
    if (draft !== null) drafts.push(draft);
  }
  return { captions: dedupeCaptions(drafts), nodes };
}

/** Decides, in document order, which caption candidates are captions. */
function resolveCaptions(candidates: readonly Candidate[]): Map<Candidate, State> {
  const states = new Map<Candidate, State>();
  const inner = new Map<Candidate, number>();
  for (const c of candidates) {
    if (c.role !== 'caption') continue;
    const forced = isForced(c.el);
    const tooBig = c.textLength > MAX_CAPTION_TEXT * (forced ? 3 : 1);
    const holdsOther = !forced && (c.hasMedia || c.bigBlocks > 0 || c.paragraphs > MAX_CAPTION_PARAGRAPHS);
    if (tooBig || holdsOther) {
      states.set(c, 'invalid');
      continue;
    }
    const outer = captionAncestor(c, states);
    if (outer !== null) inner.set(outer, (inner.get(outer) ?? 0) + 1);
  }
  for (const c of candidates) {
    if (c.role !== 'caption' || states.get(c) === 'invalid') continue;
    const outer = captionAncestor(c, states);
    const outerState = outer === null ? undefined : states.get(outer);
    if (outerState === 'caption' || outerState === 'absorbed') states.set(c, 'absorbed');
    // A wrapper of several captions (a caption list) is not one caption.
    else if (!isForced(c.el) && (inner.get(c) ?? 0) >= 2) states.set(c, 'container');
    else states.set(c, 'caption');
  }
  return states;
}

/** `figcaption` and `.wp-caption-text` are captions by definition, whatever they hold. */
function isForced(el: Element): boolean {
  return el.name === 'figcaption' || (el.attribs['class'] ?? '').includes('wp-caption-text');
}

function captionAncestor(c: Candidate, states: Map<Candidate, State>): Candidate | null {
  for (let p = c.parent; p !== null; p = p.parent) {
    if (p.role === 'caption' && states.get(p) !== 'invalid') return p;
  }
  return null;
}

/**
 * Credit elements inside a caption go to it (outermost only); the others are returned,
 * to be matched with a caption by frame once images are known.
 */
function sortCredits(
  candidates: readonly Candidate[],
  states: Map<Candidate, State>,
  siteOf: Map<Candidate, Site>,
): Candidate[] {
  const taken = new Set<Candidate>();
  const loose: Candidate[] = [];
  // A "credit" holding an image or a caption is a wrapper ("image-and-copyright-container", "caption-source").
  const wrappers = new Set<Candidate>();
  for (const c of candidates) {
    if (c.role !== 'caption') continue;
    for (let p = c.parent; p !== null; p = p.parent) if (p.role === 'credit') wrappers.add(p);
  }
  for (const c of candidates) {
    if (c.role !== 'credit') continue;
    if (c.hasMedia || wrappers.has(c) || hasCreditAncestor(c, taken)) continue;
    const owner = owningSite(c, states, siteOf);
    if (owner !== null) owner.credits.push(c.el);
    else if (c.textLength <= MAX_CREDIT_TEXT && !c.inLink) loose.push(c);
    taken.add(c);
  }
  return loose;
}

/** A credit outside any caption joins the caption whose frame (figure, image block) holds it. */
function attachLooseCredits(loose: readonly Candidate[], readings: readonly Reading[], nodes: Element[]): void {
  for (const c of loose) {
    const owner = readings.find(
      (r) => !r.linkCard && ((r.frame !== null && isInside(c.el, r.frame)) || isNeighbour(c.el, r.site.el)),
    );
    if (owner !== undefined) {
      const text = cleanCredit(captionText(c.el, NOTHING).text);
      if (owner.site.looseCredit === null && text !== null) owner.site.looseCredit = text;
    } else if (c.figure === null) {
      // A "credits"/"copyright"/"attribution" class away from any caption or figure is something else.
      continue;
    }
    nodes.push(c.el);
  }
}

function hasCreditAncestor(c: Candidate, taken: Set<Candidate>): boolean {
  for (let p = c.parent; p !== null; p = p.parent) if (p.role === 'credit' && taken.has(p)) return true;
  return false;
}

function owningSite(c: Candidate, states: Map<Candidate, State>, siteOf: Map<Candidate, Site>): Site | null {
  let owner: Site | null = null;
  for (let p = c.parent; p !== null; p = p.parent) {
    if (p.role !== 'caption') continue;
    const state = states.get(p);
    if (state === 'caption') owner = siteOf.get(p) ?? owner;
    else if (state !== 'absorbed') break;
  }
  return owner;
}

function read(site: Site, marked: Marked, base: string): Reading {
  const collected = captionText(site.el, new Set(site.credits));
  // Mostly link text: a teaser or promo card ("Subscribe to …"), not a caption.
  const linkCard = collected.chars > 0 && collected.linkChars / collected.chars >= MAX_LINK_SHARE;
  let imageUrl: string | null = site.imageUrl ?? null;
  let nearVideo = false;
  let frame: Element | null = site.figure;
  if (site.imageUrl === undefined && !linkCard) {
    const scope = findScopeImage(site.el, marked, base);
    imageUrl = scope.imageUrl;
    nearVideo = scope.nearVideo;
    frame = scope.frame ?? frame;
  }
  const strong =
    imageUrl !== null || site.figure !== null || isForced(site.el) || nearVideo || hasVideoHint(site.el);
  return { site, raw: collected.text, imageUrl, strong, frame, linkCard };
}

function draftOf(r: Reading): CaptionDraft | null {
  const split = splitCredit(r.raw);
  if (split.text === '') return null;
  const credit = chooseCredit(joinCredits(r.site.credits), split.credit, r.site.looseCredit);
  return {
    text: detach(split.text),
    credit: credit === null ? null : detach(credit),
    imageUrl: r.imageUrl,
    strong: r.strong,
  };
}

/**
 * A credit element wins over one written into the text, unless the written one says
 * more ("Photo: Getty Images" in the text, "Getty" in the element).
 */
function chooseCredit(element: string | null, written: string | null, loose: string | null): string | null {
  if (element === null) return written ?? loose;
  if (written !== null && written.includes(element)) return written;
  return element;
}

function joinCredits(credits: readonly Element[]): string | null {
  const parts: string[] = [];
  for (const el of credits) {
    const text = cleanCredit(captionText(el, NOTHING).text);
    if (text !== null) parts.push(text);
  }
  return parts.length === 0 ? null : parts.join(' ');
}
