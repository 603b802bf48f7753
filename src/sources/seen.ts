/**
 * Which URLs a source has already handed to the ingest queue, in Redis, so every
 * discover worker on every machine agrees. One hash per source: field = canonical
 * URL, value = its version (sitemap lastmod / feed updated, '' when none).
 *
 * `claim` is one Lua script: it decides "new", "changed" or "seen" and records the
 * claim atomically, so two overlapping runs of the same source (a slow run and the
 * next tick) never enqueue the same item twice. A claim whose enqueue then fails is
 * rolled back with `release`.
 */
import type { Redis } from 'ioredis';
import { canonicalizeUrl } from '../url.js';
import type { Candidate } from './parse.js';

// KEYS[1] seen hash; ARGV[1] limit; then (field, version) pairs.
// Returns {i, kind, previous} triples: kind 1 = new, 2 = changed; previous '' or the old version.
const CLAIM = `
local key, limit = KEYS[1], tonumber(ARGV[1])
local out, claimed = {}, 0
for i = 2, #ARGV, 2 do
  if claimed >= limit then break end
  local field, version = ARGV[i], ARGV[i + 1]
  local current = redis.call('HGET', key, field)
  if current == false then
    redis.call('HSET', key, field, version)
    claimed = claimed + 1
    out[#out + 1] = (i - 2) / 2
    out[#out + 1] = 1
    out[#out + 1] = ''
  elseif version ~= '' and current ~= version then
    redis.call('HSET', key, field, version)
    claimed = claimed + 1
    out[#out + 1] = (i - 2) / 2
    out[#out + 1] = 2
    out[#out + 1] = current
  end
end
return out
`;

export interface Claim {
  candidate: Candidate;
  kind: 'new' | 'changed';
  /** The version stored before this claim ('' for new). */
  previous: string;
}

export interface SeenMemory {
  /** Claims up to `limit` of the candidates that are new or changed; the others are seen. */
  claim(sourceId: string, candidates: readonly Candidate[], limit: number): Promise<Claim[]>;
  /** Undoes claims whose enqueue failed, so the next run tries them again. */
  release(sourceId: string, claims: readonly Claim[]): Promise<void>;
  /** Child sitemaps of an index: the lastmod last processed, to skip unchanged ones. */
  getSitemapVersion(sourceId: string, sitemapUrl: string): Promise<string | null>;
  setSitemapVersion(sourceId: string, sitemapUrl: string, version: string): Promise<void>;
  /** How many URLs the source has seen. */
  size(sourceId: string): Promise<number>;
  /** Forgets a source (it was removed from sources.yaml). */
  forget(sourceId: string): Promise<void>;
}

const CHUNK = 1000;

export function createSeenMemory(redis: Redis, options: { prefix: string }): SeenMemory {
  const seenKey = (id: string) => `${options.prefix}:sources:${id}:seen`;
  const sitemapsKey = (id: string) => `${options.prefix}:sources:${id}:sitemaps`;
  const keyOf = (c: Candidate) => canonicalizeUrl(c.url);

  return {
    async claim(sourceId, candidates, limit) {
      const claims: Claim[] = [];
      for (let start = 0; start < candidates.length && claims.length < limit; start += CHUNK) {
        const chunk = candidates.slice(start, start + CHUNK);
        const args = chunk.flatMap((c) => [keyOf(c), c.version]);
        const raw = (await redis.eval(CLAIM, 1, seenKey(sourceId), String(limit - claims.length), ...args)) as Array<number | string>;
        for (let i = 0; i + 2 < raw.length; i += 3) {
          const candidate = chunk[Number(raw[i])]!;
          claims.push({ candidate, kind: Number(raw[i + 1]) === 2 ? 'changed' : 'new', previous: String(raw[i + 2] ?? '') });
        }
      }
      return claims;
    },
    async release(sourceId, claims) {
      if (claims.length === 0) return;
      const multi = redis.multi();
      for (const c of claims) {
        if (c.kind === 'new') multi.hdel(seenKey(sourceId), keyOf(c.candidate));
        else multi.hset(seenKey(sourceId), keyOf(c.candidate), c.previous);
      }
      await multi.exec();
    },
    async getSitemapVersion(sourceId, sitemapUrl) {
      return redis.hget(sitemapsKey(sourceId), canonicalizeUrl(sitemapUrl));
    },
    async setSitemapVersion(sourceId, sitemapUrl, version) {
      await redis.hset(sitemapsKey(sourceId), canonicalizeUrl(sitemapUrl), version);
    },
    async size(sourceId) {
      return redis.hlen(seenKey(sourceId));
    },
    async forget(sourceId) {
      await redis.del(seenKey(sourceId), sitemapsKey(sourceId));
    },
  };
}
