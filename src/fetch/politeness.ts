/**
 * Per-host politeness: at most `concurrency` requests in flight per host and at
 * least `intervalMs` (or the robots.txt Crawl-delay, whichever is longer) between
 * the starts of two requests; a host that answered 429/503 is paused until its
 * Retry-After has passed.
 *
 * The in-memory version serves one process (`gleaner ingest`); the Redis version
 * (redis-politeness.ts) shares the budget between all workers on all machines.
 */

export interface Politeness {
  /** Waits for a slot on `host`; resolves to a release function (idempotent). Rejects with `signal.reason` on abort. */
  acquire(host: string, signal?: AbortSignal): Promise<() => void>;
  /**
   * A slot on `host` right now, without waiting, when one is free and nobody is queued
   * (the same rules as acquire); null otherwise (call acquire then).
   */
  tryAcquire?(host: string): (() => void) | null;
  /** Pauses the host: no new request starts for `retryAfterMs`. */
  penalize(host: string, retryAfterMs: number): Promise<void>;
  /** Raises the minimum gap between request starts for this host (robots.txt Crawl-delay). */
  setCrawlDelay?(host: string, ms: number): Promise<void>;
}

export interface PolitenessOptions {
  concurrency: number;
  intervalMs: number;
}

export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/** setTimeout as a promise that rejects with the signal's own reason. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

interface Waiter {
  grant: (release: () => void) => void;
}

interface HostState {
  active: number;
  /** Earliest time (ms since epoch) the next request may start. */
  nextStart: number;
  penaltyUntil: number;
  waiters: Waiter[];
  timer: NodeJS.Timeout | null;
}

export function createMemoryPoliteness(opts: PolitenessOptions): Politeness {
  const concurrency = Math.max(1, Math.floor(opts.concurrency));
  const intervalMs = Math.max(0, opts.intervalMs);
  const hosts = new Map<string, HostState>();
  // Kept apart from HostState so idle hosts can be dropped without forgetting their Crawl-delay.
  const crawlDelays = new Map<string, number>();

  const stateOf = (host: string): HostState => {
    let state = hosts.get(host);
    if (state === undefined) {
      state = { active: 0, nextStart: 0, penaltyUntil: 0, waiters: [], timer: null };
      hosts.set(host, state);
    }
    return state;
  };

  /** Takes a slot on `host` (the caller checked that one is free now); returns its release function. */
  const take = (host: string, state: HostState, now: number): (() => void) => {
    state.active++;
    state.nextStart = now + Math.max(intervalMs, crawlDelays.get(host) ?? 0);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      state.active--;
      pump(host);
    };
  };

  const pump = (host: string): void => {
    const state = hosts.get(host);
    if (state === undefined) return;
    while (state.waiters.length > 0 && state.active < concurrency) {
      const now = Date.now();
      const readyAt = Math.max(state.nextStart, state.penaltyUntil);
      if (now < readyAt) {
        if (state.timer === null) {
          state.timer = setTimeout(() => {
            state.timer = null;
            pump(host);
          }, readyAt - now);
        }
        return;
      }
      const waiter = state.waiters.shift()!;
      waiter.grant(take(host, state, now));
    }
    // Forget idle hosts whose gap has passed, so the map does not grow with every host ever seen.
    if (state.active === 0 && state.waiters.length === 0 && state.timer === null
      && Date.now() >= Math.max(state.nextStart, state.penaltyUntil)) {
      hosts.delete(host);
    }
  };

  return {
    tryAcquire(host) {
      const state = stateOf(host);
      if (state.waiters.length > 0 || state.active >= concurrency) return null;
      const now = Date.now();
      if (now < Math.max(state.nextStart, state.penaltyUntil)) return null;
      return take(host, state, now);
    },
    acquire(host, signal) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) {
          reject(abortReason(signal));
          return;
        }
        const state = stateOf(host);
        const onAbort = () => {
          const i = state.waiters.indexOf(waiter);
          if (i !== -1) state.waiters.splice(i, 1);
          reject(abortReason(signal!));
          pump(host);
        };
        const waiter: Waiter = {
          grant: (release) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(release);
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        state.waiters.push(waiter);
        pump(host);
      });
    },
    async penalize(host, retryAfterMs) {
      if (!(retryAfterMs > 0)) return;
      const state = stateOf(host);
      state.penaltyUntil = Math.max(state.penaltyUntil, Date.now() + retryAfterMs);
      // A timer may be armed for an earlier time; pump re-arms when it fires.
    },
    async setCrawlDelay(host, ms) {
      if (ms > 0) crawlDelays.set(host, ms);
      else crawlDelays.delete(host);
    },
  };
}
