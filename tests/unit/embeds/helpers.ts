/** Shared helpers of the embed tests: parse a snippet, scan it, pick fields. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Element } from 'domhandler';
import { parseHtml } from '../../../src/extract/dom.js';
import { findEmbeds, type EmbedScan } from '../../../src/extract/embeds/index.js';
import type { Embed } from '../../../src/record.js';

export const PAGE_URL = 'https://news.example/2024/05/story';

export function scan(html: string, pageUrl = PAGE_URL): EmbedScan & { $: ReturnType<typeof parseHtml> } {
  const $ = parseHtml(`<html><body><article>${html}</article></body></html>`);
  return { ...findEmbeds($, pageUrl), $ };
}

export function embedsOf(html: string, pageUrl = PAGE_URL): Embed[] {
  return scan(html, pageUrl).embeds;
}

export function only(html: string): Embed {
  const embeds = embedsOf(html);
  if (embeds.length !== 1) throw new Error(`expected one embed, got ${embeds.length}: ${JSON.stringify(embeds)}`);
  return embeds[0] as Embed;
}

export function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/embeds/${name}`, import.meta.url)), 'utf8');
}

/** Text of the page once the embed nodes are removed: what the body extractor would see. */
export function textWithoutNodes(result: EmbedScan & { $: ReturnType<typeof parseHtml> }): string {
  const { $, nodes } = result;
  for (const node of nodes) $(node as Element).remove();
  $('script, style').remove();
  return $('body').text().replace(/\s+/g, ' ').trim();
}

export function blank(platform: Embed['platform'], id: string, url: string): Embed {
  return { platform, url, id, author: null, handle: null, text: null, publishedAt: null, media: [] };
}
