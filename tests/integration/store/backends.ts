/** The two real backends the store suite runs against, each handing out fresh, isolated stores. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const PG_URL = process.env.GLEANER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Backend {
  name: string;
  /** A spec for a store nobody has used yet (new file / new schema). */
  freshSpec(): Promise<string>;
  /** Removes everything freshSpec handed out. */
  cleanup(): Promise<void>;
}

export function sqliteBackend(): Backend {
  const dirs: string[] = [];
  return {
    name: 'sqlite',
    async freshSpec() {
      const dir = await mkdtemp(join(tmpdir(), 'gleaner-store-'));
      dirs.push(dir);
      // Nested, not yet existing directories: the store must create them.
      return `sqlite:${join(dir, 'nested', 'data', 'gleaner.db')}`;
    },
    async cleanup() {
      await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

export function postgresBackend(): Backend {
  const run = `gleaner_test_${process.pid}_${Date.now().toString(36)}`;
  const schemas: string[] = [];
  return {
    name: 'postgres',
    async freshSpec() {
      const schema = `${run}_${schemas.length}`;
      schemas.push(schema);
      const url = new URL(PG_URL);
      url.searchParams.set('schema', schema);
      return url.href;
    },
    async cleanup() {
      if (schemas.length === 0) return;
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        for (const schema of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
