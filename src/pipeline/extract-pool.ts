/**
 * A small worker_threads pool for extraction.
 *
 * Why: extraction is CPU-bound (median 28 ms, p99 ~200 ms, a 10 MB page ~2 s on the
 * benchmark set). In the queue worker, many jobs finishing their fetch in the same
 * event-loop turn would run their extractions back to back and delay BullMQ's lock
 * renewal timer by the sum; past lockDuration the jobs are declared stalled and run
 * twice. Off-thread, the main loop only does I/O, lock renewal stays on time, and a
 * second core is used. A page that takes longer than `timeoutMs` gets its thread
 * terminated (and replaced) and fails with PARSE_FAILED instead of hanging a slot.
 */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { GleanerError } from '../errors.js';
import type { ExtractOptions } from '../extract/index.js';
import type { Logger } from '../log.js';
import type { ExtractOutput } from './index.js';
import type { ExtractRequest } from './extract-thread.js';

export interface ExtractPoolOptions {
  /** Threads; default: the machine's available parallelism. */
  threads?: number;
  /** Longest extraction before the thread is killed (PARSE_FAILED). Default 60 s. */
  timeoutMs?: number;
  logger?: Logger;
}

export interface ExtractPool {
  extract(html: string, url: string, options: ExtractOptions): Promise<ExtractOutput>;
  /** Waits for nothing: pending extractions reject; threads are terminated. */
  close(): Promise<void>;
  readonly threads: number;
}

interface Task {
  req: ExtractRequest;
  resolve: (out: ExtractOutput) => void;
  reject: (err: unknown) => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  timer: NodeJS.Timeout | null;
}

/**
 * Starts a thread running extract-thread: the compiled .js next to this module, or,
 * when running from TypeScript sources (tsx, vitest), the .ts through tsx's
 * in-thread require hook (Node 20 does not apply --import loader hooks to threads).
 */
function startThread(): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL('./extract-thread.js', self));
  const require = createRequire(self);
  const tsx = require.resolve('tsx/cjs/api');
  const script = fileURLToPath(new URL('./extract-thread.ts', self));
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(script)});`, { eval: true });
}

export function createExtractPool(options: ExtractPoolOptions = {}): ExtractPool {
  const size = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  const timeoutMs = options.timeoutMs ?? 60_000;
  const queue: Task[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  const spawn = (): Slot => {
    const worker = startThread();
    // Threads must not keep a finished CLI alive; in-flight tasks hold the loop through their promises' timers.
    worker.unref();
    const slot: Slot = { worker, task: null, timer: null };
    worker.on('message', (msg: { id: number } & ExtractOutput) => {
      const task = slot.task;
      if (task === null || task.req.id !== msg.id) return;
      finish(slot);
      task.resolve({ record: msg.record, stats: msg.stats });
    });
    worker.on('error', (err) => {
      options.logger?.error({ err }, 'extract thread crashed');
      replace(slot, new GleanerError('PARSE_FAILED', `extraction thread crashed: ${err.message}`, { cause: err }));
    });
    worker.on('exit', (code) => {
      if (!closed && slots.includes(slot)) replace(slot, new GleanerError('PARSE_FAILED', `extraction thread exited with code ${code}`));
    });
    return slot;
  };

  const finish = (slot: Slot): void => {
    if (slot.timer !== null) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
    pump();
  };

  /** Drops a broken or hung thread, fails its task, starts a fresh one. */
  const replace = (slot: Slot, error: GleanerError): void => {
    const i = slots.indexOf(slot);
    if (i === -1) return;
    const task = slot.task;
    if (slot.timer !== null) clearTimeout(slot.timer);
    slots.splice(i, 1);
    void slot.worker.terminate().catch(() => undefined);
    if (!closed) slots.push(spawn());
    task?.reject(error);
    pump();
  };

  const pump = (): void => {
    for (const slot of slots) {
      if (slot.task !== null) continue;
      const task = queue.shift();
      if (task === undefined) return;
      slot.task = task;
      slot.timer = setTimeout(() => {
        replace(slot, new GleanerError('PARSE_FAILED', `extraction took longer than ${timeoutMs} ms`));
      }, timeoutMs);
      slot.worker.postMessage(task.req);
    }
  };

  for (let i = 0; i < size; i++) slots.push(spawn());

  return {
    threads: size,
    extract(html, url, opts) {
      if (closed) return Promise.reject(new GleanerError('INTERNAL', 'extract pool is closed'));
      return new Promise<ExtractOutput>((resolve, reject) => {
        queue.push({ req: { id: nextId++, html, url, options: { finalUrl: opts.finalUrl ?? null, fetchedAt: opts.fetchedAt ?? null } }, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      const error = new GleanerError('INTERNAL', 'extract pool closed');
      for (const task of queue.splice(0)) task.reject(error);
      await Promise.all(slots.splice(0).map(async (slot) => {
        if (slot.timer !== null) clearTimeout(slot.timer);
        slot.task?.reject(error);
        await slot.worker.terminate();
      }));
    },
  };
}
