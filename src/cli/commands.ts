/** Flag wiring for `ingest`, `enqueue`, `work` and `export` (each command's logic lives in its own module). */
import type { Command } from 'commander';
import { addFetchFlags, addLogLevelFlag, addRedisFlag, addStoreFlag, parseIntFlag, parsePositiveInt } from './options.js';
import { runIngest, type IngestFlags } from './ingest.js';
import { runEnqueue, type EnqueueFlags } from './enqueue.js';
import { runExport, type ExportFlags } from './export.js';
import type { WorkFlags } from './work.js';

export function registerQueueCommands(program: Command): void {
  const ingest = program
    .command('ingest')
    .description('fetch → extract → store in-process (no Redis); progress on stderr, exit 1 if any URL failed')
    .argument('[urls...]', 'URLs to ingest')
    .option('--urls-file <file>', 'one URL per line (# comments; - for stdin)')
    .option('--json', 'print one line per URL on stdout: {"url","ok":true,"recordId"} or {"url","ok":false,"error"}')
    .option('--concurrency <n>', 'URLs in flight (GLEANER_WORKER_CONCURRENCY, default 8)', parsePositiveInt)
    .option('--extract-threads <n>', 'extract on N worker threads (0: on the main thread, the default)', parseIntFlag);
  addLogLevelFlag(addFetchFlags(addStoreFlag(ingest))).action(async (urls: string[], opts: IngestFlags) => {
    process.exitCode = await runIngest(urls, opts);
  });

  const enqueue = program
    .command('enqueue')
    .description('add URLs to the ingest queue (needs Redis); one JSON line per URL')
    .argument('[urls...]', 'URLs to enqueue')
    .option('--urls-file <file>', 'one URL per line (# comments; - for stdin)')
    .option('--force', 're-ingest URLs that already have a job')
    .option('--priority <n>', 'BullMQ priority, 1 = highest', parsePositiveInt)
    .option('--queue-prefix <prefix>', 'BullMQ key prefix (GLEANER_QUEUE_PREFIX, default gleaner)')
    .option('--connect-timeout-ms <ms>', 'give up connecting to Redis after this long (default 2000)', parsePositiveInt);
  addRedisFlag(enqueue).action(async (urls: string[], opts: EnqueueFlags) => {
    process.exitCode = await runEnqueue(urls, opts);
  });

  const work = program
    .command('work')
    .description('run the queue worker until SIGTERM/SIGINT (needs Redis)')
    .option('--concurrency <n>', 'jobs in flight (GLEANER_WORKER_CONCURRENCY, default 8)', parsePositiveInt)
    .option('--queue-prefix <prefix>', 'BullMQ key prefix (GLEANER_QUEUE_PREFIX, default gleaner)')
    .option('--extract-threads <n>', 'extraction threads, 0 = main thread (GLEANER_EXTRACT_THREADS, default 1)', parseIntFlag)
    .option('--lock-duration-ms <ms>', 'job lock, renewed every half (GLEANER_LOCK_DURATION_MS, default 60000)', parsePositiveInt)
    .option('--stalled-interval-ms <ms>', 'stalled-job check period (GLEANER_STALLED_INTERVAL_MS, default 30000)', parsePositiveInt)
    .option('--max-stalled-count <n>', 'stalls before a job fails (GLEANER_MAX_STALLED_COUNT, default 2)', parseIntFlag)
    .option('--shutdown-timeout-ms <ms>', 'on SIGTERM, wait this long for active jobs (GLEANER_SHUTDOWN_TIMEOUT_MS, default 25000)', parsePositiveInt);
  addLogLevelFlag(addFetchFlags(addRedisFlag(addStoreFlag(work)))).action(async (opts: WorkFlags) => {
    // Loaded on demand: BullMQ and the worker only matter to this command.
    const { runWork } = await import('./work.js');
    const code = await runWork(opts);
    process.exitCode = code;
    // Whatever handle a library still holds must not keep a stopped worker alive.
    setTimeout(() => process.exit(code), 500).unref();
  });

  const exp = program
    .command('export')
    .description('print every stored record as NDJSON (streamed)')
    .option('--format <format>', 'output format: ndjson', 'ndjson');
  addStoreFlag(exp).action(async (opts: ExportFlags) => {
    process.exitCode = await runExport(opts);
  });
}
