/** `gleaner export [--format ndjson] [--store S]`: every stored record, one JSON line each, streamed. */
import { GleanerError } from '../errors.js';
import { openStore } from '../store/index.js';
import { writeLine } from './io.js';
import { configFrom } from './options.js';

export interface ExportFlags {
  format?: string;
  store?: string;
}

export async function runExport(flags: ExportFlags): Promise<number> {
  const format = flags.format ?? 'ndjson';
  if (format !== 'ndjson') throw new GleanerError('INVALID_INPUT', `unsupported --format ${JSON.stringify(format)} (supported: ndjson)`);
  const config = configFrom({ store: flags.store });
  const store = await openStore(config.store);
  try {
    // exportRecords pages through the store; writeLine waits on a full pipe, so memory stays flat.
    for await (const record of store.exportRecords()) await writeLine(JSON.stringify(record));
  } finally {
    await store.close();
  }
  return 0;
}
