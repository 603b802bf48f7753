/**
 * In-process batch ingestion (`gleaner ingest`): `ingestOne` over a list with a
 * bounded number in flight. Results are reported in input order, so `--json`
 * output lines up with the input no matter which URL finishes first.
 */
import { toGleanerError, type ErrorInfo } from '../errors.js';
import { ingestOne, type IngestOptions, type IngestResult, type PipelineDeps } from './index.js';

export type IngestOutcome =
  | { url: string; ok: true; result: IngestResult }
  | { url: string; ok: false; error: ErrorInfo };

export interface IngestManyOptions {
  /** URLs in flight at once. */
  concurrency: number;
  /** Called once per URL, in input order. */
  onResult?: (outcome: IngestOutcome, index: number) => void | Promise<void>;
  /** Called as each URL finishes, in completion order (progress). */
  onSettled?: (outcome: IngestOutcome) => void;
  /** Stops starting new URLs (in-flight ones finish); the ones not started are reported as not attempted. */
  signal?: AbortSignal;
  ingest?: IngestOptions;
}

export async function ingestMany(urls: readonly string[], deps: PipelineDeps, options: IngestManyOptions): Promise<IngestOutcome[]> {
  const outcomes: Array<IngestOutcome | undefined> = new Array(urls.length);
  let next = 0;
  let reported = 0;
  // Serialises onResult calls (they may await stdout drain).
  let flushing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    flushing = flushing.then(async () => {
      while (reported < urls.length && outcomes[reported] !== undefined) {
        const i = reported++;
        await options.onResult?.(outcomes[i]!, i);
      }
    });
    return flushing;
  };

  const one = async (url: string): Promise<IngestOutcome> => {
    if (options.signal?.aborted) {
      return { url, ok: false, error: { code: 'INTERNAL', message: 'not attempted: interrupted' } };
    }
    try {
      return { url, ok: true, result: await ingestOne(url, deps, options.ingest) };
    } catch (err) {
      const e = toGleanerError(err);
      return { url, ok: false, error: { code: e.code, message: e.message } };
    }
  };

  const lane = async (): Promise<void> => {
    while (next < urls.length) {
      const i = next++;
      const outcome = await one(urls[i]!);
      outcomes[i] = outcome;
      options.onSettled?.(outcome);
      await flush();
    }
  };

  const lanes = Math.max(1, Math.min(Math.floor(options.concurrency), urls.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  await flush();
  return outcomes as IngestOutcome[];
}
