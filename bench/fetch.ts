/**
 * Fetch benchmark: Gleaner's fetcher beside a bare undici `request` + arrayBuffer()
 * loop, against a local server (a child process, so it does not share the client's
 * event loop) serving a ~100 KB HTML page. Concurrency 50, a bounded number of
 * requests, rounds alternated so both clients see the same machine state.
 *
 * Gleaner runs with its full code path: address guard (allowPrivateNetworks=true lifts
 * the verdict, the checks still run), robots.txt (fetched once, then cached),
 * per-host politeness (limits raised for the bench host), deadline, size cap,
 * binary sniffing and charset detection + one decode to a string (the bare loop
 * stops at bytes).
 *
 *   npm run bench:fetch [-- --requests 2000 --concurrency 50 --rounds 3]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { once } from 'node:events';
import { Agent, request } from 'undici';
import { ConfigSchema } from '../src/config.js';
import { createFetcher, createMemoryPoliteness } from '../src/fetch/index.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? NaN : Number(process.argv[i + 1]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const REQUESTS = arg('requests', 2000);
const CONCURRENCY = arg('concurrency', 50);
const ROUNDS = arg('rounds', 3);
const WARMUP = 300;

// The server runs as plain JS in a child process. Two ~100 KB pages of English news
// text: /ascii/ writes typography as entities (&ldquo; &euro;), /utf8/ as UTF-8
// characters. V8 turns bytes into a two-byte string slowly (≈1–2 ms per 100 KB here),
// so the second page mostly measures that, which every consumer of the text pays.
const SERVER = `
const http = require('node:http');
function build(q1, q2, dash, euro) {
  const para = '<p>The council voted on Tuesday to approve the harbour plan, after a ' + q1 + 'long and sometimes heated' + q2 + ' debate ' + dash + ' the mayor said the cost, about ' + euro + '4.2m, was justified. Residents who spoke at the meeting raised concerns about traffic, parking and the loss of green space near the waterfront.</p>\\n';
  let html = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour plan approved</title></head><body><article><h1>Harbour plan approved</h1>\\n';
  while (Buffer.byteLength(html) < 100 * 1024) html += para;
  return Buffer.from(html + '</article></body></html>');
}
const pages = { ascii: build('&ldquo;', '&rdquo;', '&mdash;', '&euro;'), utf8: build('\u201c', '\u201d', '\u2014', '\u20ac') };
const robots = Buffer.from('User-agent: *\\nAllow: /\\n');
const server = http.createServer((req, res) => {
  if (req.url === '/robots.txt') { res.writeHead(200, { 'content-type': 'text/plain', 'content-length': robots.length }); res.end(robots); return; }
  const page = req.url.startsWith('/utf8/') ? pages.utf8 : pages.ascii;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length });
  res.end(page);
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: server.address().port, bytes: { ascii: pages.ascii.length, utf8: pages.utf8.length } }) + '\\n'));
`;

type PageKind = 'ascii' | 'utf8';

async function startServer(): Promise<{ child: ChildProcess; port: number; bytes: Record<PageKind, number> }> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  const { port, bytes } = JSON.parse(line.toString()) as { port: number; bytes: Record<PageKind, number> };
  return { child, port, bytes };
}

interface RunResult {
  pagesPerSec: number;
  p50: number;
  p95: number;
}

async function run(count: number, one: (i: number) => Promise<void>): Promise<RunResult> {
  const latencies: number[] = new Array<number>(count);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t0 = performance.now();
        await one(i);
        latencies[i] = performance.now() - t0;
      }
    }),
  );
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!;
  return { pagesPerSec: (count / elapsed) * 1000, p50: pct(0.5), p95: pct(0.95) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const { child, port, bytes } = await startServer();
  const origin = `http://127.0.0.1:${port}`;

  const bareAgent = new Agent({ keepAliveTimeout: 10_000 });
  const utf8 = new TextDecoder();
  const bare = (kind: PageKind, decode: boolean) => async (i: number) => {
    const res = await request(`${origin}/${kind}/${i}`, { dispatcher: bareAgent });
    const body = await res.body.arrayBuffer();
    if (body.byteLength !== bytes[kind]) throw new Error('short body');
    if (decode && utf8.decode(body).length === 0) throw new Error('empty');
  };

  const config = ConfigSchema.parse({
    allowPrivateNetworks: true, // loopback bench host; the guard code still runs
    hostConcurrency: 64,
    hostIntervalMs: 0,
    deadlineMs: 30_000,
  });
  const fetcher = createFetcher(config, {
    politeness: createMemoryPoliteness({ concurrency: 64, intervalMs: 0 }),
  });
  const gleaner = (kind: PageKind) => async (i: number) => {
    const result = await fetcher.fetch(`${origin}/${kind}/${i}`);
    if (result.html === null || result.bytes !== bytes[kind]) throw new Error('short body');
  };

  console.log(`fetch bench: ~100 KB pages, concurrency ${CONCURRENCY}, ${REQUESTS} requests x ${ROUNDS} rounds per client, Node ${process.version}`);
  const summary = (name: string, rs: RunResult[]) => {
    const pps = median(rs.map((r) => r.pagesPerSec));
    const p50 = median(rs.map((r) => r.p50));
    const p95 = median(rs.map((r) => r.p95));
    console.log(`  ${name.padEnd(40)} ${pps.toFixed(0).padStart(6)} pages/s   p50 ${p50.toFixed(1).padStart(6)} ms   p95 ${p95.toFixed(1).padStart(6)} ms   (rounds: ${rs.map((r) => r.pagesPerSec.toFixed(0)).join(', ')})`);
    return pps;
  };

  for (const kind of ['ascii', 'utf8'] as const) {
    const clients = {
      bare: bare(kind, false),
      bareDecode: bare(kind, true),
      gleaner: gleaner(kind),
    };
    for (const one of Object.values(clients)) await run(WARMUP, one);
    const results: Record<keyof typeof clients, RunResult[]> = { bare: [], bareDecode: [], gleaner: [] };
    const names = Object.keys(clients) as Array<keyof typeof clients>;
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate so load from other processes hits every client alike, and rotate the
      // order so no client always runs first (right after the warm-ups / another client's garbage).
      for (let k = 0; k < names.length; k++) {
        const name = names[(round + k) % names.length]!;
        results[name].push(await run(REQUESTS, clients[name]));
      }
    }
    console.log(`${kind} page (${(bytes[kind] / 1024).toFixed(0)} KB${kind === 'ascii' ? ', typography as entities' : ', typography as UTF-8'}):`);
    const floor = summary('bare undici request + arrayBuffer', results.bare);
    const floorDecode = summary('bare + TextDecoder (same work as ours)', results.bareDecode);
    const ours = summary('gleaner fetcher', results.gleaner);
    const ratio = ours / floor;
    console.log(`  ratio gleaner / bare floor: ${ratio.toFixed(2)} (target >= 0.80) ${ratio >= 0.8 ? 'OK' : 'BELOW TARGET'};  gleaner / bare+decode: ${(ours / floorDecode).toFixed(2)}`);
  }

  await fetcher.close();
  await bareAgent.close();
  child.kill();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
