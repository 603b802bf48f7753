/**
 * A test-owned redis-server with AOF on its own free port and temp dir (never the
 * shared 6379), configured the way production Redis for BullMQ should run:
 * `appendonly yes` and `maxmemory-policy noeviction`. `restart()` stops it cleanly
 * (SIGTERM: the AOF is flushed) and starts it again on the same port and data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OwnedRedis {
  url: string;
  port: number;
  dir: string;
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function waitForPort(port: number, up: boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port });
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (open === up) return;
    if (Date.now() > until) throw new Error(`redis on ${port} did not come ${up ? 'up' : 'down'} in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startOwnedRedis(): Promise<OwnedRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'gleaner-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    child = spawn('redis-server', [
      '--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
      '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '',
      '--maxmemory-policy', 'noeviction', '--logfile', join(dir, 'redis.log'),
    ], { stdio: 'ignore' });
    await waitForPort(port, true, 10_000);
  };
  const stopChild = async (): Promise<void> => {
    const c = child;
    child = null;
    if (c === null || c.exitCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (c.exitCode === null) c.kill('SIGKILL');
    await waitForPort(port, false, 5000);
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    async restart(downMs = 1000) {
      await stopChild();
      await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
    async stop() {
      await stopChild();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
