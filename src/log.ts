/** pino logger: JSON on stderr, pretty when stderr is a TTY; secrets redacted. */
import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Force pretty output on or off; default: when stderr is a TTY. */
  pretty?: boolean;
  name?: string;
}

export const REDACT_PATHS = [
  'token', 'apiToken', '*.apiToken', 'config.apiToken',
  'req.headers.authorization', 'headers.authorization', 'authorization',
];

export function createLogger(options: LoggerOptions = {}): Logger {
  const pretty = options.pretty ?? process.stderr.isTTY === true;
  const base = {
    level: options.level ?? 'info',
    name: options.name ?? 'gleaner',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  if (pretty) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } } });
  }
  return pino(base, pino.destination({ fd: 2, sync: false }));
}
