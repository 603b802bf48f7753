/** A pino logger writing JSON lines into memory, for assertions on what was (not) logged. */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { REDACT_PATHS, type Logger } from '../../src/log.js';

export interface CapturedLog {
  logger: Logger;
  /** Raw lines, exactly as they would reach stderr. */
  lines: string[];
  entries(): Array<Record<string, unknown>>;
}

export function captureLogger(level: pino.LevelWithSilent = 'info'): CapturedLog {
  const lines: string[] = [];
  let partial = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      partial += chunk.toString('utf8');
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts.filter((l) => l !== ''));
      done();
    },
  });
  // Same redaction as src/log.ts's createLogger; synchronous so lines are there at once.
  const logger = pino({ level, name: 'gleaner', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink);
  return { logger, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}
