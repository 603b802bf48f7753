/**
 * docker-compose.yml, checked without a Docker engine: every Gleaner service runs a
 * real CLI command with options that command has, every env var it sets is one
 * Gleaner reads, and the services are shaped for `up` and `--scale worker=N`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/index.js';
import { ENV_VARS } from '../../src/config.js';

const root = new URL('../../', import.meta.url).pathname;
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, {
    image?: string; build?: unknown; command?: string[]; environment?: Record<string, unknown>;
    ports?: string[]; container_name?: string; healthcheck?: { test?: unknown }; volumes?: string[]; depends_on?: Record<string, unknown>;
  }>;
};
const gleanerServices = Object.entries(compose.services).filter(([, s]) => s.image === 'gleaner:local');

/** Env var names Gleaner's code reads: ENV_VARS plus those read by name in src/ and workers/. */
function envVarsRead(): Set<string> {
  const names = new Set<string>(Object.keys(ENV_VARS));
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/env(?:\.|\[['"])((?:GLEANER_|REDIS_|LOG_)[A-Z0-9_]+)/g)) names.add(m[1]!);
        for (const m of text.matchAll(/envInt\(env, '([A-Z0-9_]+)'\)/g)) names.add(m[1]!);
      }
    }
  };
  walk(join(root, 'src'));
  walk(join(root, 'workers'));
  return names;
}

describe('docker-compose.yml', () => {
  it('has redis, postgres, api, worker and scheduler, each with a health check', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres', 'redis', 'scheduler', 'worker']);
    for (const [name, s] of Object.entries(compose.services)) expect(s.healthcheck?.test, name).toBeDefined();
  });

  it('runs Redis with AOF on and noeviction', () => {
    const cmd = compose.services.redis!.command!.join(' ');
    expect(cmd).toMatch(/--appendonly yes/);
    expect(cmd).toMatch(/--maxmemory-policy noeviction/);
  });

  it('every Gleaner service runs a real CLI command with options that command has', () => {
    const program = buildProgram();
    const commands = new Map<string, Command>(program.commands.map((c) => [c.name(), c]));
    expect(gleanerServices.map(([n]) => n).sort()).toEqual(['api', 'scheduler', 'worker']);
    for (const [name, service] of gleanerServices) {
      const [commandName, ...args] = service.command ?? [];
      const command = commands.get(commandName ?? '');
      expect(command, `${name}: gleaner ${commandName}`).toBeDefined();
      const known = new Set(command!.options.map((o) => o.long));
      for (const arg of args.filter((a) => a.startsWith('--'))) expect(known.has(arg), `${name}: ${commandName} ${arg}`).toBe(true);
    }
    expect(compose.services.api!.command).toEqual(['serve']);
    expect(compose.services.worker!.command).toEqual(['work']);
    expect(compose.services.scheduler!.command![0]).toBe('schedule');
  });

  it('sets only env vars Gleaner reads, and the §3 essentials', () => {
    const read = envVarsRead();
    for (const [name, service] of gleanerServices) {
      for (const key of Object.keys(service.environment ?? {})) expect(read.has(key), `${name}: ${key}`).toBe(true);
      expect(service.environment, name).toHaveProperty('REDIS_URL', 'redis://redis:6379');
      expect(String(service.environment!.GLEANER_STORE), name).toMatch(/^postgres:\/\/.*@postgres:5432\//);
    }
    const api = compose.services.api!.environment!;
    expect(api.GLEANER_HOST).toBe('0.0.0.0');
    // Beyond loopback, serve needs a token: compose refuses to start without one.
    expect(String(api.GLEANER_API_TOKEN)).toMatch(/^\$\{GLEANER_API_TOKEN:\?/);
  });

  it('workers scale: no container name, no published port', () => {
    const worker = compose.services.worker!;
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports).toBeUndefined();
    for (const s of Object.values(compose.services)) expect(s.container_name).toBeUndefined();
  });

  it('the scheduler mounts a sources file and Gleaner services wait for healthy Redis and PostgreSQL', () => {
    const scheduler = compose.services.scheduler!;
    const sources = scheduler.command![scheduler.command!.indexOf('--sources') + 1];
    expect(scheduler.volumes!.some((v) => v.includes(`:${sources}`))).toBe(true);
    for (const [name, s] of gleanerServices) {
      expect(s.depends_on, name).toMatchObject({ redis: { condition: 'service_healthy' }, postgres: { condition: 'service_healthy' } });
    }
  });
});
