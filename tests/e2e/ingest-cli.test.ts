/** `gleaner ingest` and `gleaner export` as child processes (run from source, see tests/helpers/gleaner-cli.ts). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArticleSite, type ArticleSite } from '../helpers/pipeline-site.js';
import { jsonLines, runGleaner } from '../helpers/cli.js';

let site: ArticleSite;
let dir: string;
beforeAll(async () => {
  site = await startArticleSite();
  dir = await mkdtemp(join(tmpdir(), 'gleaner-ingest-cli-'));
});
afterAll(async () => {
  await site.close();
  await rm(dir, { recursive: true, force: true });
});

const FAST = ['--allow-private-networks', '--host-interval-ms', '0', '--host-concurrency', '4', '--deadline-ms', '5000'];

describe('gleaner ingest', () => {
  it('--json: one line per URL in input order (url as given), exit 1 when any failed; export streams the records', async () => {
    const store = `sqlite:${join(dir, 'one', 'gleaner.db')}`;
    const urls = [site.url('/a/1'), site.url('/missing/2'), 'not a url', site.url('/a/3?utm_source=feed'), site.url('/gone-binary/4')];
    const run = await runGleaner(['ingest', '--json', '--store', store, '--concurrency', '3', ...FAST, ...urls], {}, 90_000);
    expect(run.code).toBe(1);
    const lines = jsonLines(run.stdout);
    expect(lines.map((l) => l.url)).toEqual(urls);
    expect(lines[0]).toMatchObject({ ok: true, recordId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(lines[1]).toMatchObject({ ok: false, error: { code: 'HTTP_CLIENT_ERROR', message: expect.stringContaining('404') } });
    expect(lines[2]).toMatchObject({ ok: false, error: { code: 'INVALID_URL' } });
    expect(lines[3]).toMatchObject({ ok: true });
    expect(lines[4]).toMatchObject({ ok: false, error: { code: 'NOT_HTML' } });
    // Summary on stderr; data only on stdout.
    expect(run.stderr).toMatch(/ingested 2\/5 URLs: 2 stored, 0 not modified, 3 failed/);

    const exported = await runGleaner(['export', '--store', store], {}, 60_000);
    expect(exported.code).toBe(0);
    const records = jsonLines(exported.stdout);
    expect(records).toHaveLength(2);
    expect(records.map((r) => r.id).sort()).toEqual([lines[0]!.recordId, lines[3]!.recordId].sort());
    expect(records[0]).toMatchObject({ schema: 'gleaner.article/1' });
  }, 180_000);

  it('--urls-file, all good: exit 0; the store comes from GLEANER_STORE when --store is absent', async () => {
    const file = join(dir, 'urls.txt');
    await writeFile(file, `# fixture\n${site.url('/a/10')}\n\n${site.url('/a/11')}\n`);
    const store = `sqlite:${join(dir, 'env', 'gleaner.db')}`;
    const run = await runGleaner(['ingest', '--urls-file', file, ...FAST], { GLEANER_STORE: store }, 90_000);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/ingested 2\/2 URLs: 2 stored/);
    const again = await runGleaner(['ingest', '--json', '--urls-file', file, ...FAST], { GLEANER_STORE: store }, 90_000);
    expect(again.code).toBe(0);
    expect(jsonLines(again.stdout).every((l) => l.ok === true && l.outcome === 'not-modified')).toBe(true);
  }, 180_000);

  it('without URLs: a usage error (exit 2), nothing on stdout', async () => {
    const run = await runGleaner(['ingest', '--store', `sqlite:${join(dir, 'none.db')}`], {}, 60_000);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/INVALID_INPUT/);
    expect(run.stdout).toBe('');
  }, 90_000);
});
