/**
 * `gleaner serve` as a process: it refuses a non-loopback bind without a token, and
 * with one it listens, answers, logs no token, and exits 0 on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../helpers/redis-process.js';

const LAUNCHER = new URL('../../unit/cli/launch.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'gleaner-serve-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', LAUNCHER, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GLEANER_STORE: `sqlite:${join(dir, 'g.db')}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return { child, exited, stderr: () => stderr };
}

describe('gleaner serve', () => {
  it('refuses to listen beyond loopback without GLEANER_API_TOKEN', async () => {
    const p = run(['serve'], { GLEANER_HOST: '0.0.0.0', GLEANER_PORT: String(await freePort()) });
    expect(await p.exited).not.toBe(0);
    expect(p.stderr()).toMatch(/refusing to listen on 0\.0\.0\.0 without GLEANER_API_TOKEN/);
  });

  it('listens with a token, answers, and stops on SIGTERM with exit 0', async () => {
    const port = await freePort();
    const token = `t-${randomUUID()}`;
    const p = run(['serve', '--queue-prefix', `gtest-cli-${randomUUID().slice(0, 6)}`], {
      GLEANER_HOST: '0.0.0.0', GLEANER_PORT: String(port), GLEANER_API_TOKEN: token, LOG_LEVEL: 'info',
    });
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 20_000;
    let ok = false;
    while (Date.now() < deadline && !ok) {
      ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
      if (!ok) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ok).toBe(true);
    const denied = await fetch(`${base}/v1/urls`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' }, body: '{"urls":["http://a.example/"]}' });
    expect(denied.status).toBe(401);
    const accepted = await fetch(`${base}/v1/urls`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{"urls":["http://a.example/"]}' });
    expect(accepted.status).toBe(202);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.stderr()).toContain('"msg":"http request"');
    expect(p.stderr()).not.toContain(token);
  }, 40_000);
});
