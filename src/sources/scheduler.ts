/**
 * Sources → BullMQ job schedulers on the `discover` queue (BullMQ 6: `upsertJobScheduler`).
 * The scheduler id is `source:<id>`, so running `gleaner schedule` again updates each
 * source's schedule and template in place, and a source missing from the file (or
 * disabled) has its scheduler removed.
 */
import type { Queue } from 'bullmq';
import type { Logger } from '../log.js';
import type { Source } from './schema.js';
import type { SeenMemory } from './seen.js';

/** The queue discover jobs run on (same Redis prefix as the ingest queue). */
export const DISCOVER_QUEUE = 'discover';
export const SCHEDULER_ID_PREFIX = 'source:';

export interface DiscoverJobData {
  source: Source;
}

export const schedulerIdFor = (sourceId: string): string => `${SCHEDULER_ID_PREFIX}${sourceId}`;

/** Discover jobs are cheap to lose and frequent: keep only a short history, never retry (the next tick is the retry). */
export const DISCOVER_JOB_OPTIONS = {
  attempts: 1,
  removeOnComplete: { count: 200, age: 24 * 3600 },
  removeOnFail: { count: 1000, age: 7 * 24 * 3600 },
} as const;

export interface SyncResult {
  upserted: string[];
  removed: string[];
}

export interface SyncOptions {
  logger?: Logger;
  /** When given, a source removed from the file also loses its seen-URL memory (disabled ones keep it). */
  seen?: SeenMemory;
}

/** Our schedulers on the queue: id → scheduler. */
export async function listSourceSchedulers(queue: Queue): Promise<Map<string, { every?: number; pattern?: string; source?: Source }>> {
  const out = new Map<string, { every?: number; pattern?: string; source?: Source }>();
  const total = await queue.getJobSchedulersCount();
  const page = 500;
  for (let start = 0; start < total; start += page) {
    const list = await queue.getJobSchedulers(start, start + page - 1, true);
    for (const s of list) {
      const id = s.id ?? s.key;
      if (!id.startsWith(SCHEDULER_ID_PREFIX)) continue;
      const data = s.template?.data as DiscoverJobData | undefined;
      out.set(id, {
        ...(s.every ? { every: Number(s.every) } : {}),
        ...(s.pattern ? { pattern: s.pattern } : {}),
        ...(data?.source ? { source: data.source } : {}),
      });
    }
  }
  return out;
}

export async function syncSchedulers(queue: Queue, sources: readonly Source[], options: SyncOptions = {}): Promise<SyncResult> {
  const existing = await listSourceSchedulers(queue);
  const wanted = new Set<string>();
  const upserted: string[] = [];
  for (const source of sources) {
    if (!source.enabled) continue;
    const id = schedulerIdFor(source.id);
    wanted.add(id);
    const repeat = source.everyMs !== undefined
      ? { every: source.everyMs }
      : { pattern: source.cron!, ...(source.tz !== undefined ? { tz: source.tz } : {}) };
    await queue.upsertJobScheduler(id, repeat, { name: 'discover', data: { source } satisfies DiscoverJobData, opts: DISCOVER_JOB_OPTIONS });
    upserted.push(source.id);
  }
  const removed: string[] = [];
  const inFile = new Set(sources.map((s) => s.id));
  for (const id of existing.keys()) {
    if (wanted.has(id)) continue;
    await queue.removeJobScheduler(id);
    const sourceId = id.slice(SCHEDULER_ID_PREFIX.length);
    removed.push(sourceId);
    if (!inFile.has(sourceId)) await options.seen?.forget(sourceId);
  }
  options.logger?.info({ upserted: upserted.length, removed }, 'schedules synced');
  return { upserted, removed };
}
