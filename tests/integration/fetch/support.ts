/** Shared bits for the fetch integration tests. */
import { expect } from 'vitest';
import { ConfigSchema, type Config, type ConfigInput } from '../../../src/config.js';
import { GleanerError, type ErrorCode } from '../../../src/errors.js';
import type { LookupFunction } from '../../../src/fetch/index.js';

/** Small timeouts so stalls fail fast; guard lifted unless a test turns it back on. */
export function testConfig(overrides: Partial<ConfigInput> = {}): Config {
  return ConfigSchema.parse({
    connectTimeoutMs: 500,
    headersTimeoutMs: 400,
    bodyTimeoutMs: 400,
    deadlineMs: 3000,
    maxBytes: 1024 * 1024,
    maxRedirects: 5,
    hostConcurrency: 4,
    hostIntervalMs: 0,
    allowPrivateNetworks: true,
    robotsTtlMs: 60_000,
    userAgent: 'Gleaner/0.1.0 (+https://github.com/gleaner-dev/gleaner)',
    ...overrides,
  });
}

/** Awaits a rejection and checks it is a GleanerError with `code`; returns it for more checks. */
export async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<GleanerError> {
  const err = await promise.then(
    () => { throw new Error(`expected ${code}, but it succeeded`); },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GleanerError);
  expect({ code: (err as GleanerError).code, message: (err as GleanerError).message }).toMatchObject({ code });
  return err as GleanerError;
}

/**
 * A fake resolver: names in `map` resolve to the given addresses, everything else
 * fails like NXDOMAIN. No DNS traffic leaves the machine.
 */
export function fakeLookup(map: Record<string, string[]>): LookupFunction {
  return (hostname, _options, callback) => {
    const addresses = map[hostname.toLowerCase()];
    setImmediate(() => {
      if (addresses === undefined) {
        const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
        callback(err, []);
        return;
      }
      callback(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
    });
  };
}
