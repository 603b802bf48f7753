/**
 * `gleaner enqueue URL… | --urls-file F`: one stdout line per input URL —
 * `{"url","jobId","status"}` or `{"url","error":{"code","message"}}` — nothing dropped
 * silently. Exit 1 if any URL was refused or not added; QUEUE_UNAVAILABLE (exit 2)
 * when Redis cannot be reached.
 */
import { GleanerError, toGleanerError } from '../errors.js';
import { checkUrl } from '../fetch/index.js';
import { createProducer, type EnqueueResult } from '../queue/index.js';
import { writeLine } from './io.js';
import { collectUrls, configFrom } from './options.js';

export interface EnqueueFlags {
  urlsFile?: string;
  force?: boolean;
  priority?: number;
  redisUrl?: string;
  queuePrefix?: string;
  connectTimeoutMs?: number;
}

const BATCH = 1000;

export async function runEnqueue(args: string[], flags: EnqueueFlags, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const urls = await collectUrls(args, flags.urlsFile);
  const config = configFrom({ redisUrl: flags.redisUrl }, env);
  const valid: string[] = [];
  const refused = new Map<number, GleanerError>();
  urls.forEach((url, i) => {
    try {
      checkUrl(url);
      valid.push(url);
    } catch (err) {
      refused.set(i, toGleanerError(err, 'INVALID_URL'));
    }
  });

  const producer = valid.length === 0
    ? null
    : await createProducer({
        redisUrl: config.redisUrl,
        prefix: flags.queuePrefix ?? env.GLEANER_QUEUE_PREFIX ?? undefined,
        connectTimeoutMs: flags.connectTimeoutMs ?? 2000,
      });
  let failed = refused.size;
  try {
    // Input order: walk the input, sending valid URLs in batches.
    let pending: Array<{ index: number; url: string }> = [];
    let queueError: GleanerError | null = null;
    const flushBatch = async (): Promise<void> => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      let results: EnqueueResult[] | null = null;
      if (queueError === null) {
        try {
          results = await producer!.enqueue(batch.map((b) => b.url), { force: flags.force === true, ...(flags.priority ? { priority: flags.priority } : {}) });
        } catch (err) {
          queueError = toGleanerError(err, 'QUEUE_UNAVAILABLE');
        }
      }
      for (let i = 0; i < batch.length; i++) {
        const r = results?.[i];
        if (r !== undefined) await writeLine(JSON.stringify(r));
        else {
          failed++;
          await writeLine(JSON.stringify({ url: batch[i]!.url, error: queueError!.toJSON() }));
        }
      }
    };
    for (let i = 0; i < urls.length; i++) {
      const bad = refused.get(i);
      if (bad !== undefined) {
        await flushBatch();
        await writeLine(JSON.stringify({ url: urls[i], error: bad.toJSON() }));
        continue;
      }
      pending.push({ index: i, url: urls[i]! });
      if (pending.length >= BATCH) await flushBatch();
    }
    await flushBatch();
    if (queueError !== null) process.stderr.write(`gleaner: ${(queueError as GleanerError).code}: ${(queueError as GleanerError).message}\n`);
  } finally {
    await producer?.close();
  }
  return failed > 0 ? 1 : 0;
}
