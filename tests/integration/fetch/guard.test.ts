/**
 * The address guard: pure checks for every address form, then the guard switched ON
 * against the hostile server, proving blocked requests never reach it. With the guard
 * on, every target is either an address nothing would answer or the test asserts the
 * server saw no request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GleanerError } from '../../../src/errors.js';
import { blockedReason, checkUrl, createFetcher, isBlockedAddress, type Fetcher } from '../../../src/fetch/index.js';
import { createGuardedLookup } from '../../../src/fetch/guard.js';
import { startHostileServer, type HostileServer } from '../../helpers/hostile-server.js';
import { expectCode, fakeLookup, testConfig } from './support.js';

function hostOf(url: string): string {
  const host = checkUrl(url).hostname;
  return host.startsWith('[') ? host.slice(1, -1) : host;
}

describe('checkUrl', () => {
  it.each([
    ['http://2130706433/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://017700000001/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://%31%32%37.0.0.1/', '127.0.0.1'],
    ['http://127.0.0.1./', '127.0.0.1'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1'],
    ['http://0xa9.0xfe.0xa9.0xfe/', '169.254.169.254'],
  ])('WHATWG parsing normalises %s to %s, which is blocked', (url, normalised) => {
    expect(hostOf(url)).toBe(normalised);
    expect(isBlockedAddress(normalised)).toBe(true);
  });

  it.each([
    'ftp://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,hi', 'gopher://x/',
    'http://user:pass@example.com/', 'http://user@example.com/', 'https://:pw@example.com/',
    '/relative/path', '', '   ', 'http://', `https://example.com/${'x'.repeat(2100)}`,
  ])('refuses %s with INVALID_URL', (url) => {
    expect(() => checkUrl(url)).toThrow(GleanerError);
    try {
      checkUrl(url);
    } catch (err) {
      expect((err as GleanerError).code).toBe('INVALID_URL');
    }
  });

  it('accepts ordinary http(s) URLs', () => {
    expect(checkUrl('https://www.example.com/news/1?x=2').href).toBe('https://www.example.com/news/1?x=2');
    expect(checkUrl(' http://example.com ').href).toBe('http://example.com/');
  });
});

describe('isBlockedAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'], ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'], ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'], ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'], ['169.254.0.1', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'], ['100.127.255.255', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'], ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'], ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'], ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'documentation'], ['198.18.0.1', 'benchmarking'],
    ['::1', 'loopback'], ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'IPv4-mapped'], ['::ffff:7f00:1', 'IPv4-mapped'], ['::ffff:a9fe:a9fe', 'IPv4-mapped'],
    ['::ffff:10.1.2.3', 'IPv4-mapped'], ['::127.0.0.1', 'IPv4-compatible'],
    ['64:ff9b::7f00:1', 'NAT64'], ['64:ff9b::10.0.0.1', 'NAT64'], ['64:ff9b:1::1', 'local-use NAT64'],
    ['2002:7f00:1::', '6to4'], ['2002:c0a8:101::1', '6to4'],
    ['fc00::1', 'unique-local'], ['fd12:3456:789a::1', 'unique-local'],
    ['fe80::1', 'link-local'], ['fe80::1%eth0', 'link-local'], ['febf::1', 'link-local'], ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'], ['ff05::2', 'multicast'],
    ['2001:db8::1', 'documentation'], ['2001:0:4136:e378::1', 'Teredo'], ['100::1', 'discard'],
    ['[::1]', 'loopback'],
  ])('blocks %s (%s)', (address, why) => {
    expect(blockedReason(address)).toContain(why);
  });

  it.each([
    '8.8.8.8', '1.1.1.1', '93.184.216.34', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1',
    '169.253.255.255', '11.0.0.1', '192.167.1.1', '223.255.255.254',
    '2606:4700:4700::1111', '2001:4860:4860::8888', '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1',
  ])('allows public %s', (address) => {
    expect(blockedReason(address)).toBeNull();
  });

  it('treats names and garbage as blocked (only addresses are judged)', () => {
    expect(isBlockedAddress('example.com')).toBe(true);
    expect(isBlockedAddress('1.2.3')).toBe(true);
    expect(isBlockedAddress('')).toBe(true);
  });
});

describe('createGuardedLookup', () => {
  const run = (lookup: ReturnType<typeof createGuardedLookup>, host: string, all: boolean) =>
    new Promise<{ err: NodeJS.ErrnoException | null; result: unknown }>((resolve) => {
      lookup(host, { all } as never, (err, result) => resolve({ err, result }));
    });

  it('fails with BLOCKED_ADDRESS when every answer is private (DNS rebinding)', async () => {
    const lookup = createGuardedLookup({
      allowPrivateNetworks: false,
      resolve: fakeLookup({ 'rebind.test': ['127.0.0.1', '::1'] }),
    });
    for (const all of [true, false]) {
      const { err } = await run(lookup, 'rebind.test', all);
      expect(err).toBeInstanceOf(GleanerError);
      expect((err as unknown as GleanerError).code).toBe('BLOCKED_ADDRESS');
    }
  });

  it('keeps only the public answers when a name mixes public and private ones', async () => {
    const lookup = createGuardedLookup({
      allowPrivateNetworks: false,
      resolve: fakeLookup({ 'mixed.test': ['10.0.0.5', '93.184.216.34', '::ffff:127.0.0.1'] }),
    });
    expect((await run(lookup, 'mixed.test', true)).result).toEqual([{ address: '93.184.216.34', family: 4 }]);
    expect((await run(lookup, 'mixed.test', false)).result).toBe('93.184.216.34');
  });

  it('passes DNS errors through and lets allowPrivateNetworks lift the check', async () => {
    const resolve = fakeLookup({ 'intranet.test': ['192.168.0.10'] });
    expect((await run(createGuardedLookup({ allowPrivateNetworks: false, resolve }), 'gone.test', true)).err?.code).toBe('ENOTFOUND');
    expect((await run(createGuardedLookup({ allowPrivateNetworks: true, resolve }), 'intranet.test', false)).result).toBe('192.168.0.10');
  });
});

describe('guard ON against a live server', () => {
  let server: HostileServer;
  let fetcher: Fetcher;

  beforeAll(async () => {
    server = await startHostileServer();
    // news.test stands in for a public site: it resolves to the test server and is
    // exempt by name. Every other way of reaching the same server must be refused.
    fetcher = createFetcher(testConfig({ allowPrivateNetworks: false }), {
      lookup: fakeLookup({ 'news.test': ['127.0.0.1'], 'rebind.test': ['127.0.0.1'], 'metadata.test': ['169.254.169.254'] }),
      exemptHosts: ['news.test'],
    });
  });

  afterAll(async () => {
    await fetcher.close();
    await server.close();
  });

  it('the exempt stand-in host works (so the checks below are meaningful)', async () => {
    const result = await fetcher.fetch(`http://news.test:${server.port}/ok`);
    expect(result.status).toBe(200);
    expect(server.paths()).toContain('/ok');
  });

  it('refuses a loopback literal outright: not even robots.txt is requested', async () => {
    const before = server.requests.length;
    await expectCode(fetcher.fetch(`http://127.0.0.1:${server.port}/private/direct`), 'BLOCKED_ADDRESS');
    await expectCode(fetcher.fetch(`http://2130706433:${server.port}/private/decimal`), 'BLOCKED_ADDRESS');
    await expectCode(fetcher.fetch(`http://0x7f.1:${server.port}/private/hex`), 'BLOCKED_ADDRESS');
    await expectCode(fetcher.fetch(`http://0177.0.0.1:${server.port}/private/octal`), 'BLOCKED_ADDRESS');
    await expectCode(fetcher.fetch(`http://[::ffff:127.0.0.1]:${server.port}/private/mapped`), 'BLOCKED_ADDRESS');
    await expectCode(fetcher.fetch(`http://[::1]:${server.port}/private/v6`), 'BLOCKED_ADDRESS');
    expect(server.requests.length).toBe(before);
  });

  it('refuses a name resolving to loopback at connect time (DNS rebinding)', async () => {
    const before = server.requests.length;
    await expectCode(fetcher.fetch(`http://rebind.test:${server.port}/private/rebind`), 'BLOCKED_ADDRESS');
    expect(server.requests.length).toBe(before);
  });

  it.each([
    ['a loopback literal', (port: number) => `http://127.0.0.1:${port}/secret`],
    ['a decimal loopback literal', (port: number) => `http://2130706433:${port}/secret`],
    ['an IPv4-mapped IPv6 literal', (port: number) => `http://[::ffff:7f00:1]:${port}/secret`],
    ['a name that resolves to loopback', (port: number) => `http://rebind.test:${port}/secret`],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/'],
    ['cloud metadata by name', () => 'http://metadata.test/latest/meta-data/'],
    ['a private network address', () => 'http://10.0.0.1/admin'],
  ])('a redirect to %s is refused and never arrives', async (_label, target) => {
    const to = encodeURIComponent(target(server.port));
    const err = await expectCode(fetcher.fetch(`http://news.test:${server.port}/redirect?to=${to}`), 'BLOCKED_ADDRESS');
    expect(err.retryable).toBe(false);
    // The redirect itself was served; the target never was.
    expect(server.paths()).toContain(`/redirect?to=${to}`);
    expect(server.paths()).not.toContain('/secret');
    expect(server.paths()).not.toContain('/latest/meta-data/');
  });
});
