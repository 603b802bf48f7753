/**
 * The stop protocol shared by the long-running workers (ingest, discover): one
 * idempotent `stop`, a `done` promise with the exit status, and SIGTERM/SIGINT
 * handlers where a second signal exits at once.
 */
import type { Logger } from '../log.js';

export interface RunningWorker {
  /** Resolves with the exit status once stopped. */
  readonly done: Promise<number>;
  stop(reason: string): Promise<number>;
}

export interface LifecycleOptions {
  logger: Logger;
  /** Install SIGTERM/SIGINT handlers. Default true. */
  handleSignals?: boolean;
}

/** Wraps a shutdown routine (drain, close connections) into a RunningWorker. */
export function runningWorker(shutdown: (reason: string) => Promise<void>, options: LifecycleOptions): RunningWorker {
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((resolve) => { resolveDone = resolve; });
  let stopping: Promise<number> | null = null;
  const stop = (reason: string): Promise<number> => {
    stopping ??= (async () => {
      await shutdown(reason);
      options.logger.flush();
      resolveDone(0);
      return 0;
    })();
    return stopping;
  };
  if (options.handleSignals !== false) {
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping !== null) {
        options.logger.warn({ signal }, 'second signal: exiting now');
        process.exit(1);
      }
      void stop(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }
  return { done, stop };
}
