/**
 * `gleaner extract` end to end, in a child process.
 *
 * How the CLI is started: `node --import tsx tests/unit/cli/launch.ts …`, which calls the
 * same `main(argv)` from src/cli/index.ts that bin/gleaner.js calls from dist/. We do not
 * run `npm run build` in a beforeAll: the build writes the shared dist/ that `npx gleaner`
 * and other suites use, takes tens of seconds, and fails whenever any unrelated file under
 * src/ does not type-check — the tsx route tests the same code path without those hazards.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../../src/record.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../..');
const LAUNCHER = join(HERE, 'launch.ts');
const SEED = resolve(ROOT, 'tests/fixtures/pages/seed-herald-kardashian.html');
const SEED_URL = 'https://www.nzherald.co.nz/entertainment/kim-kardashian-west-returns-to-white-house/ABCDEF1234567/';

// Two paragraphs of 120+ characters: enough for isArticle.
const GOOD_PARAGRAPHS = '<p>Heavy rain swept across the coastal towns overnight, flooding roads and cutting power to more than two thousand homes before dawn.</p>'
  + '<p>Emergency crews worked through the night to clear fallen trees from the highway, which reopened to traffic shortly after seven.</p>';

interface Run { code: number | null; stdout: string; stderr: string }

function gleaner(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', LAUNCHER, ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code, stdout, stderr }));
    if (stdin !== undefined) child.stdin.end(stdin);
    else child.stdin.end();
  });
}

const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');

let dir: string;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gleaner-cli-'));
  writeFileSync(join(dir, 'good.html'), `<html lang="en"><head><title>Tiny</title></head><body><article><h1>Tiny page</h1>${GOOD_PARAGRAPHS}</article></body></html>`);
  writeFileSync(join(dir, 'locked.html'), '<p>secret</p>');
  chmodSync(join(dir, 'locked.html'), 0o000);
  // A directory where a file is expected cannot be read either, also as root.
  writeFileSync(join(dir, 'manifest.ndjson'), [
    JSON.stringify({ path: 'missing.html', url: 'https://news.example/missing' }),
    JSON.stringify({ path: isRoot ? '.' : 'locked.html', url: 'https://news.example/locked' }),
    '{"path": "good.html", "url": ',
    JSON.stringify({ path: 'good.html', url: 'https://news.example/good' }),
    JSON.stringify({ path: SEED, url: SEED_URL }),
  ].join('\n') + '\n');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('a reader that stops early (gleaner … | head)', () => {
  it('ends quietly with exit 0, without an EPIPE stack trace', async () => {
    const manifest = join(dir, 'many.ndjson');
    writeFileSync(manifest, Array.from({ length: 400 }, (_, i) => JSON.stringify({ path: SEED, url: `${SEED_URL}?copy=${i}` })).join('\n') + '\n');
    const run = await new Promise<Run>((resolveRun, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', LAUNCHER, 'extract', '--manifest', manifest], {
        cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      // Read the first line, then close the pipe like `head -1` does.
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('error', reject);
      child.on('close', (code) => resolveRun({ code, stdout: '', stderr }));
    });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('EPIPE');
  });
});

describe('gleaner extract FILE --url URL', () => {
  it('prints one record as JSON and exits 0', async () => {
    const run = await gleaner(['extract', SEED, '--url', SEED_URL]);
    expect(run.code).toBe(0);
    const record = JSON.parse(run.stdout) as ArticleRecord;
    expect(record.schema).toBe('gleaner.article/1');
    expect(record.url).toBe(SEED_URL);
    expect(record.title).toBe('Kim Kardashian West returns to White House to push for another pardon');
    expect(record.embeds).toHaveLength(1);
    expect(record.error).toBeUndefined();
  });

  it('reads the page from stdin with "-"', async () => {
    const run = await gleaner(['extract', '-', '--url', 'https://news.example/good'], `<html><body><article>${GOOD_PARAGRAPHS}</article></body></html>`);
    expect(run.code).toBe(0);
    const record = JSON.parse(run.stdout) as ArticleRecord;
    expect(record.url).toBe('https://news.example/good');
    expect(record.paragraphs).toHaveLength(2);
  });

  it('prints an error record naming the file and exits non-zero when the file is missing', async () => {
    const missing = join(dir, 'nope.html');
    const run = await gleaner(['extract', missing, '--url', 'https://news.example/nope']);
    expect(run.code).not.toBe(0);
    const record = JSON.parse(run.stdout) as ArticleRecord;
    expect(record.error?.code).toBe('FILE_NOT_FOUND');
    expect(record.error?.message).toContain(missing);
    expect(record.url).toBe('https://news.example/nope');
    expect(record.paragraphs).toEqual([]);
  });

  it('answers a binary file (a PNG) with a PARSE_FAILED record and a non-zero exit', async () => {
    const png = join(dir, 'photo.html');
    writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    const run = await gleaner(['extract', png, '--url', 'https://news.example/photo']);
    expect(run.code).not.toBe(0);
    const record = JSON.parse(run.stdout) as ArticleRecord;
    expect(record.error?.code).toBe('PARSE_FAILED');
    expect(record.error?.message).toContain('binary');
    expect(record.paragraphs).toEqual([]);
  });

  it('refuses a --url that is not an absolute http(s) URL', async () => {
    const run = await gleaner(['extract', SEED, '--url', 'not-a-url']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('INVALID_URL');
  });
});

describe('gleaner extract --manifest', () => {
  let run: Run;
  let records: ArticleRecord[];

  beforeAll(async () => {
    run = await gleaner(['extract', '--manifest', join(dir, 'manifest.ndjson')]);
    records = lines(run.stdout).map((l) => JSON.parse(l) as ArticleRecord);
  });

  it('exits 0 when every line was answered', () => {
    expect(run.code).toBe(0);
  });

  it('prints one line per input line, in order', () => {
    expect(records).toHaveLength(5);
    expect(records[0]!.url).toBe('https://news.example/missing');
    expect(records[1]!.url).toBe('https://news.example/locked');
    expect(records[3]!.url).toBe('https://news.example/good');
    expect(records[4]!.url).toBe(SEED_URL);
  });

  it('gives a missing file an error record naming the file', () => {
    expect(records[0]!.error?.code).toBe('FILE_NOT_FOUND');
    expect(records[0]!.error?.message).toContain('missing.html');
  });

  it('gives an unreadable file an error record naming the file', () => {
    expect(records[1]!.error?.code).toBe('FILE_UNREADABLE');
    expect(records[1]!.error?.message).toContain(isRoot ? dir : 'locked.html');
  });

  it('gives a bad JSON line an error record naming the line', () => {
    expect(records[2]!.error?.code).toBe('INVALID_INPUT');
    expect(records[2]!.error?.message).toContain('line 3');
  });

  it('extracts the good lines (path relative to the manifest, or absolute)', () => {
    expect(records[3]!.error).toBeUndefined();
    expect(records[3]!.paragraphs).toHaveLength(2);
    expect(records[4]!.error).toBeUndefined();
    expect(records[4]!.title).toBe('Kim Kardashian West returns to White House to push for another pardon');
  });

  it('writes only NDJSON records to stdout: each line is a full record', () => {
    for (const r of records) expect(r.schema).toBe('gleaner.article/1');
  });
});

describe('gleaner extract --help', () => {
  it('prints the usage and exits 0', async () => {
    const run = await gleaner(['extract', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--manifest');
    expect(run.stdout).toContain('--url');
  });

  it('prints the top-level help listing extract', async () => {
    const run = await gleaner(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('extract');
  });
});
