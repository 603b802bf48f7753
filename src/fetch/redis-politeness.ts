/**
 * Politeness shared through Redis by every worker on every machine. One Lua script
 * does each state change atomically, using Redis's own clock (TIME) so workers with
 * skewed clocks still agree on intervals.
 *
 * Per host two keys (hash-tagged so they live in one cluster slot):
 *  - `<prefix>{host}:leases`: sorted set of in-flight request tokens scored by lease
 *    expiry; a worker that dies mid-request loses its slot when the lease expires
 *    instead of blocking the host forever;
 *  - `<prefix>{host}:state`: hash with `next` (earliest next start), `penalty`
 *    (Retry-After pause) and `delay` (Crawl-delay).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { sleep, type Politeness, type PolitenessOptions } from './politeness.js';

const SCRIPT = `
local leases, state = KEYS[1], KEYS[2]
local op = ARGV[1]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local stateTtl = tonumber(ARGV[2])
if op == 'acquire' then
  local token, concurrency, interval, leaseMs = ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
  redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
  if redis.call('ZCARD', leases) >= concurrency then
    local first = redis.call('ZRANGE', leases, 0, 0, 'WITHSCORES')
    return {0, tonumber(first[2]) - now, 1}
  end
  local ready = math.max(tonumber(redis.call('HGET', state, 'next') or '0'), tonumber(redis.call('HGET', state, 'penalty') or '0'))
  if now < ready then return {0, ready - now, 2} end
  local gap = math.max(interval, tonumber(redis.call('HGET', state, 'delay') or '0'))
  redis.call('ZADD', leases, now + leaseMs, token)
  redis.call('PEXPIRE', leases, leaseMs + 1000)
  redis.call('HSET', state, 'next', now + gap)
  redis.call('PEXPIRE', state, stateTtl)
  return {1, 0}
elseif op == 'release' then
  return {redis.call('ZREM', leases, ARGV[3]), 0}
elseif op == 'penalize' then
  local untilMs = now + tonumber(ARGV[3])
  if untilMs > tonumber(redis.call('HGET', state, 'penalty') or '0') then
    redis.call('HSET', state, 'penalty', untilMs)
  end
  redis.call('PEXPIRE', state, stateTtl)
  return {1, 0}
elseif op == 'delay' then
  redis.call('HSET', state, 'delay', tonumber(ARGV[3]))
  redis.call('PEXPIRE', state, stateTtl)
  return {1, 0}
end
return redis.error_reply('unknown op ' .. tostring(op))
`;

const SHA = createHash('sha1').update(SCRIPT).digest('hex');

export interface RedisPolitenessOptions extends PolitenessOptions {
  /** Key namespace, e.g. per deployment or per test. Default "gleaner:polite:". */
  keyPrefix?: string;
  /**
   * How long a slot stays taken if its holder never releases it (crashed worker).
   * Must exceed the longest fetch (deadlineMs). Default 120 s.
   */
  leaseMs?: number;
  /** Longest sleep between tries while a host's slots are all taken. Default 100 ms. */
  pollMs?: number;
}

// State outlives the longest penalty (Retry-After is capped at a day) and a Crawl-delay refresh.
const STATE_TTL_MS = 25 * 60 * 60 * 1000;

export function createRedisPoliteness(redis: Redis, opts: RedisPolitenessOptions): Politeness {
  const prefix = opts.keyPrefix ?? 'gleaner:polite:';
  const concurrency = Math.max(1, Math.floor(opts.concurrency));
  const intervalMs = Math.max(0, opts.intervalMs);
  const leaseMs = opts.leaseMs ?? 120_000;
  const pollMs = opts.pollMs ?? 100;
  const keys = (host: string): [string, string] => [`${prefix}{${host}}:leases`, `${prefix}{${host}}:state`];

  const run = async (host: string, op: string, ...args: Array<string | number>): Promise<[number, number, number?]> => {
    const [leases, state] = keys(host);
    const argv = [op, STATE_TTL_MS, ...args];
    try {
      return (await redis.evalsha(SHA, 2, leases, state, ...argv)) as [number, number, number?];
    } catch (err) {
      // First use on this Redis (or after SCRIPT FLUSH / failover): load it by sending the body.
      if (!String((err as Error).message).includes('NOSCRIPT')) throw err;
      return (await redis.eval(SCRIPT, 2, leases, state, ...argv)) as [number, number, number?];
    }
  };

  return {
    async acquire(host, signal) {
      const token = randomUUID();
      for (;;) {
        signal?.throwIfAborted();
        const [granted, waitMs, why] = await run(host, 'acquire', token, concurrency, intervalMs, leaseMs);
        if (granted === 1) {
          let released = false;
          return () => {
            if (released) return;
            released = true;
            // Fire and forget: the lease expires on its own if Redis is unreachable right now.
            run(host, 'release', token).catch(() => undefined);
          };
        }
        // Waiting for the interval: sleep until it passes. Waiting for a slot: poll, since
        // the holder (maybe on another machine) usually releases long before its lease ends.
        // Jitter spreads workers that woke together.
        const ms = why === 1 ? Math.min(waitMs, pollMs) : waitMs;
        await sleep(Math.max(1, ms) + Math.random() * 10, signal);
      }
    },
    async penalize(host, retryAfterMs) {
      if (retryAfterMs > 0) await run(host, 'penalize', Math.ceil(retryAfterMs));
    },
    async setCrawlDelay(host, ms) {
      await run(host, 'delay', Math.max(0, Math.ceil(ms)));
    },
  };
}
