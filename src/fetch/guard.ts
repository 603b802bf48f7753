/**
 * Address guard (SSRF). Three places use it:
 *  - checkUrl: every URL (first hop and each redirect) must be an absolute http(s)
 *    URL without credentials;
 *  - assertLiteralAllowed: Node skips `lookup` for IP literals, so literal hosts are
 *    checked before any request leaves;
 *  - createGuardedLookup: a `connect.lookup` for undici that drops blocked addresses
 *    at connect time, so a name cannot resolve to a public address when checked and
 *    a private one when connected (no DNS-rebinding gap).
 *
 * WHATWG URL parsing already normalises decimal (2130706433), octal (0177.0.0.1),
 * hex (0x7f.1), short (127.1) and percent-encoded IPv4 hosts to dotted quads and
 * IPv6 to compressed hex, so the checks below only see canonical forms; the parsers
 * still accept the embedded-IPv4 IPv6 form for addresses coming from DNS.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { GleanerError } from '../errors.js';
import { MAX_URL_LENGTH } from '../url.js';

/** Parses an absolute http(s) URL fit to fetch; throws INVALID_URL otherwise. */
export function checkUrl(url: string): URL {
  const trimmed = typeof url === 'string' ? url.trim() : '';
  if (trimmed === '') throw new GleanerError('INVALID_URL', 'empty URL');
  if (url.length > MAX_URL_LENGTH) {
    throw new GleanerError('INVALID_URL', `URL longer than ${MAX_URL_LENGTH} characters`);
  }
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw new GleanerError('INVALID_URL', `not an absolute URL: ${truncate(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new GleanerError('INVALID_URL', `only http and https URLs are fetched, not ${parsed.protocol}`);
  }
  if (parsed.hostname === '') throw new GleanerError('INVALID_URL', `no host in ${truncate(url)}`);
  // Credentials would be sent to whoever the URL points at, and they hide the real host
  // from people reading logs (http://trusted.example@evil.example/).
  if (parsed.username !== '' || parsed.password !== '') {
    throw new GleanerError('INVALID_URL', 'credentials in URLs are refused');
  }
  if (parsed.href.length > MAX_URL_LENGTH) {
    throw new GleanerError('INVALID_URL', `URL longer than ${MAX_URL_LENGTH} characters`);
  }
  return parsed;
}

function truncate(s: string): string {
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/** The address inside a URL hostname, without IPv6 brackets, or null for a name. */
export function literalAddress(hostname: string): string | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) === 0 ? null : bare;
}

/** Parses a dotted-quad IPv4 address to an unsigned 32-bit number, or null. */
export function parseIPv4(address: string): number | null {
  const parts = address.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value;
}

/** Parses an IPv6 address (with optional zone and embedded IPv4) to eight 16-bit groups. */
export function parseIPv6(address: string): number[] | null {
  let text = address;
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  // An embedded dotted IPv4 tail (::ffff:127.0.0.1) becomes two groups.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIPv4(tail);
    if (v4 === null) return null;
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parseGroups(halves[0] ?? '');
  if (head === null) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const rest = parseGroups(halves[1] ?? '');
  if (rest === null || head.length + rest.length > 7) return null;
  return [...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest];
}

/** IPv4 ranges that are never a public web server (RFC 6890 special-purpose registry). */
const BLOCKED_V4: ReadonlyArray<readonly [string, number, string]> = [
  ['0.0.0.0', 8, 'unspecified ("this network")'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay anycast'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved / broadcast'],
];

const BLOCKED_V4_PARSED = BLOCKED_V4.map(([base, bits, why]) => {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { net: (parseIPv4(base)! & mask) >>> 0, mask, why };
});

function ipv4Reason(value: number): string | null {
  for (const range of BLOCKED_V4_PARSED) {
    if (((value & range.mask) >>> 0) === range.net) return range.why;
  }
  return null;
}

function ipv6Reason(g: number[]): string | null {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const v4Tail = ((g6 << 16) | g7) >>> 0;
  const upperZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (upperZero && g5 === 0 && g6 === 0 && g7 === 0) return 'unspecified';
  if (upperZero && g5 === 0 && g6 === 0 && g7 === 1) return 'loopback';
  // ::ffff:a.b.c.d (IPv4-mapped) reaches the IPv4 address itself: judge that address.
  if (upperZero && g5 === 0xffff) return ipv4Reason(v4Tail) === null ? null : `IPv4-mapped ${ipv4Reason(v4Tail)}`;
  // ::a.b.c.d (deprecated IPv4-compatible) and ::ffff:0:a.b.c.d (SIIT): no public site uses them.
  if (upperZero && g5 === 0) return 'IPv4-compatible';
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0xffff && g5 === 0) return 'IPv4-translated';
  // NAT64 well-known prefix 64:ff9b::/96 forwards to the embedded IPv4 address.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    const why = ipv4Reason(v4Tail);
    return why === null ? null : `NAT64 ${why}`;
  }
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return 'local-use NAT64';
  // 6to4 (2002::/16) embeds an IPv4 address in bits 16..48.
  if (g0 === 0x2002) {
    const why = ipv4Reason(((g1 << 16) | g2) >>> 0);
    return why === null ? null : `6to4 ${why}`;
  }
  if (g0 === 0x2001 && g1 === 0) return 'Teredo';
  if (g0 === 0x2001 && g1 === 0xdb8) return 'documentation';
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return 'discard-only';
  if ((g0 & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xffc0) === 0xfec0) return 'site-local';
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  // Only global unicast (2000::/3) is routed on the public internet.
  if ((g0 & 0xe000) !== 0x2000) return 'not global unicast';
  return null;
}

/**
 * Why an address must not be fetched, or null when it is a public address.
 * Unparseable input counts as blocked.
 */
export function blockedReason(address: string): string | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(bare.split('%')[0] ?? '');
  if (family === 4) return ipv4Reason(parseIPv4(bare)!);
  if (family === 6) {
    const groups = parseIPv6(bare);
    return groups === null ? 'unparseable IPv6 address' : ipv6Reason(groups);
  }
  return 'not an IP address';
}

export function isBlockedAddress(address: string): boolean {
  return blockedReason(address) !== null;
}

export interface GuardOptions {
  /** Lift the guard (tests, benchmarks). The code path still runs. */
  allowPrivateNetworks: boolean;
  /**
   * Host names exempt from the address check (an explicitly trusted internal service,
   * or a test server standing in for a public site). Compared lower-case.
   */
  exemptHosts?: ReadonlySet<string>;
}

function blockedError(host: string, address: string, why: string): GleanerError {
  const shown = host === address ? address : `${host} (${address})`;
  return new GleanerError('BLOCKED_ADDRESS', `refusing to connect to ${shown}: ${why} address`);
}

/** Throws BLOCKED_ADDRESS when the URL's host is a blocked IP literal. Names pass (checked at connect). */
export function assertLiteralAllowed(url: URL, options: GuardOptions): void {
  const address = literalAddress(url.hostname);
  if (address === null) return;
  if (options.allowPrivateNetworks || options.exemptHosts?.has(url.hostname.toLowerCase())) return;
  const why = blockedReason(address);
  if (why !== null) throw blockedError(url.hostname, address, why);
}

/** The (hostname, options, callback) shape Node's net/tls `lookup` option takes. */
export type LookupFunction = (
  hostname: string,
  options: LookupOptions,
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

/**
 * A `lookup` for net.connect: resolves all addresses, drops blocked ones, fails with
 * BLOCKED_ADDRESS when none is left. Works for both `all: true` (Node's
 * autoSelectFamily path) and single-address callers.
 */
export function createGuardedLookup(options: GuardOptions & { resolve?: LookupFunction }): LookupFunction {
  const resolve: LookupFunction =
    options.resolve ??
    ((hostname, opts, cb) => dnsLookup(hostname, { ...opts, all: true } as LookupAllOptions, cb as never));
  return (hostname, lookupOptions, callback) => {
    resolve(hostname, { ...lookupOptions, all: true } as LookupOptions, (err, result) => {
      if (err) {
        callback(err, lookupOptions.all ? [] : '', 0);
        return;
      }
      const all: LookupAddress[] = Array.isArray(result)
        ? result
        : [{ address: result, family: isIP(result) }];
      const exempt = options.allowPrivateNetworks || options.exemptHosts?.has(hostname.toLowerCase()) === true;
      const allowed = exempt ? all : all.filter((a) => blockedReason(a.address) === null);
      if (allowed.length === 0) {
        const first = all[0];
        const error = first
          ? blockedError(hostname, first.address, blockedReason(first.address) ?? 'blocked')
          : Object.assign(new Error(`no addresses for ${hostname}`), { code: 'ENOTFOUND' });
        callback(error as NodeJS.ErrnoException, lookupOptions.all ? [] : '', 0);
        return;
      }
      if (lookupOptions.all) callback(null, allowed);
      else callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}
