/**
 * `gleaner ingest URL… | --urls-file F`: the whole pipeline in-process, no Redis.
 * Memory politeness, bounded concurrency, progress on stderr, a summary at the end,
 * `--json` lines on stdout in input order; exit 1 if any URL failed.
 */
import { createFetcher, createMemoryPoliteness } from '../fetch/index.js';
import { createLogger } from '../log.js';
import { createExtractPool, ingestMany, type ExtractPool, type IngestOutcome } from '../pipeline/index.js';
import { openStore } from '../store/index.js';
import { writeLine } from './io.js';
import { collectUrls, configFrom, type FetchFlags } from './options.js';
import { createProgress, formatDuration } from './progress.js';

export interface IngestFlags extends FetchFlags {
  urlsFile?: string;
  json?: boolean;
  concurrency?: number;
  extractThreads?: number;
}

export function outcomeLine(outcome: IngestOutcome): string {
  return JSON.stringify(
    outcome.ok
      ? { url: outcome.url, ok: true, recordId: outcome.result.recordId, outcome: outcome.result.outcome, duplicateOf: outcome.result.duplicateOf }
      : { url: outcome.url, ok: false, error: outcome.error },
  );
}

export async function runIngest(args: string[], flags: IngestFlags): Promise<number> {
  const urls = await collectUrls(args, flags.urlsFile);
  const config = configFrom(flags);
  // Default concurrency: the fetch waits dominate, but one host's politeness caps it anyway.
  const concurrency = flags.concurrency ?? Math.min(config.workerConcurrency, urls.length);
  const logger = createLogger({ level: flags.logLevel === undefined && config.logLevel === 'info' ? 'warn' : config.logLevel });
  const store = await openStore(config.store, { logger });
  const fetcher = createFetcher(config, {
    logger,
    politeness: createMemoryPoliteness({ concurrency: config.hostConcurrency, intervalMs: config.hostIntervalMs }),
  });
  const threads = flags.extractThreads ?? 0;
  const pool: ExtractPool | null = threads > 0 ? createExtractPool({ threads, logger }) : null;

  const stop = new AbortController();
  const onSigint = (): void => {
    if (stop.signal.aborted) process.exit(130);
    process.stderr.write('\ngleaner: interrupted; finishing URLs in flight (Ctrl-C again to quit now)\n');
    stop.abort();
  };
  process.on('SIGINT', onSigint);

  const progress = createProgress({ total: urls.length });
  const byCode = new Map<string, number>();
  let stored = 0;
  let notModified = 0;
  try {
    await ingestMany(urls, { fetcher, store, logger, ...(pool ? { extract: pool.extract } : {}) }, {
      concurrency,
      signal: stop.signal,
      onSettled(outcome) {
        progress.tick(outcome.ok);
        if (outcome.ok) {
          if (outcome.result.outcome === 'stored') stored++;
          else notModified++;
        } else {
          byCode.set(outcome.error.code, (byCode.get(outcome.error.code) ?? 0) + 1);
          if (flags.json !== true) progress.note(`failed ${outcome.url}: ${outcome.error.code}: ${outcome.error.message}`);
        }
      },
      async onResult(outcome) {
        if (flags.json === true) await writeLine(outcomeLine(outcome));
      },
    });
  } finally {
    progress.stop();
    process.off('SIGINT', onSigint);
    await Promise.allSettled([fetcher.close(), store.close(), pool?.close()]);
    logger.flush();
  }

  const failed = progress.failed;
  const secs = progress.elapsedMs / 1000;
  const codes = [...byCode].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ×${n}`).join(', ');
  process.stderr.write(
    `ingested ${urls.length - failed}/${urls.length} URLs: ${stored} stored, ${notModified} not modified, ${failed} failed` +
      `${codes ? ` (${codes})` : ''} in ${formatDuration(progress.elapsedMs)} (${(urls.length / Math.max(secs, 0.001)).toFixed(1)}/s)\n`,
  );
  return failed > 0 ? 1 : 0;
}
