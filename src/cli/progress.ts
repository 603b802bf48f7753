/**
 * Progress on stderr for long runs: a live one-line bar on a TTY (done, failed, rate,
 * ETA), plain lines every few seconds otherwise (logs, CI), and a summary at the end.
 */
export interface ProgressOptions {
  total: number;
  stream?: NodeJS.WriteStream;
  /** Default: stream.isTTY. */
  live?: boolean;
  /** Plain mode: seconds between lines. Default 5. */
  intervalMs?: number;
  now?: () => number;
}

export interface Progress {
  tick(ok: boolean): void;
  /** Writes a line above the bar (e.g. a failure). */
  note(line: string): void;
  /** Stops the timer and clears the bar. */
  stop(): void;
  readonly done: number;
  readonly failed: number;
  readonly elapsedMs: number;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const live = options.live ?? stream.isTTY === true;
  const now = options.now ?? Date.now;
  const started = now();
  let done = 0;
  let failed = 0;
  let barShown = false;

  const status = (): string => {
    const elapsed = Math.max(1, now() - started);
    const rate = (done / elapsed) * 1000;
    const eta = rate > 0 ? ((options.total - done) / rate) * 1000 : Infinity;
    return `${done}/${options.total} done, ${failed} failed, ${rate.toFixed(1)}/s, ETA ${done === options.total ? '0s' : formatDuration(eta)}`;
  };

  const drawBar = (): void => {
    const width = 24;
    const filled = options.total === 0 ? width : Math.round((done / options.total) * width);
    stream.write(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${status()}`);
    barShown = true;
  };
  const clearBar = (): void => {
    if (barShown) stream.write('\r\x1b[2K');
    barShown = false;
  };

  const timer = setInterval(() => {
    if (live) drawBar();
    else if (done < options.total) stream.write(`progress: ${status()}\n`);
  }, live ? 200 : (options.intervalMs ?? 5000));
  timer.unref();

  return {
    tick(ok) {
      done++;
      if (!ok) failed++;
    },
    note(line) {
      clearBar();
      stream.write(line + '\n');
      if (live) drawBar();
    },
    stop() {
      clearInterval(timer);
      clearBar();
    },
    get done() { return done; },
    get failed() { return failed; },
    get elapsedMs() { return now() - started; },
  };
}
