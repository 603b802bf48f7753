/**
 * The BullMQ ingest worker entry point, the same as `gleaner work` (same flags):
 *
 *   node dist/workers/ingest.js [flags]          npx tsx workers/ingest.ts [flags]
 *
 * The worker itself lives in src/queue/run-worker.ts; this file only starts it, so
 * nothing in src/ imports an entry point (a module cycle through a top-level await
 * would deadlock the start-up).
 */
import { main } from '../src/cli/index.js';

await main(['work', ...process.argv.slice(2)]);
