/** Parses a GLEANER_STORE spec (DESIGN.md §3) into a backend choice. */
import { GleanerError } from '../errors.js';

export type StoreSpec =
  | { kind: 'sqlite'; path: string }
  /** `connectionString` has Gleaner's own `schema` query parameter removed. */
  | { kind: 'postgres'; connectionString: string; schema: string | undefined };

export const MEMORY_PATH = ':memory:';

/** Unquoted-identifier shape only, so the schema name can be interpolated after quoting without surprises. */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new GleanerError('INVALID_INPUT', `invalid store schema name ${JSON.stringify(schema)}: use letters, digits and _`);
  }
  return schema;
}

export function parseStoreSpec(spec: string, options: { schema?: string | undefined } = {}): StoreSpec {
  const invalid = (why: string): never => {
    // Never echo a postgres spec: it may hold a password.
    throw new GleanerError('INVALID_INPUT', `invalid store spec: ${why}`);
  };
  if (typeof spec !== 'string' || spec.trim() === '') invalid('empty (expected sqlite:PATH or postgres://…)');
  const trimmed = spec.trim();

  if (trimmed.startsWith('sqlite:')) {
    const path = trimmed.slice('sqlite:'.length);
    if (path === '') invalid('sqlite: needs a path, e.g. sqlite:./data/gleaner.db or sqlite::memory:');
    return { kind: 'sqlite', path };
  }

  if (/^postgres(?:ql)?:\/\//i.test(trimmed)) {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      return invalid('not a valid postgres:// URL');
    }
    const fromUrl = url.searchParams.get('schema');
    url.searchParams.delete('schema');
    const schema = options.schema ?? fromUrl ?? undefined;
    return {
      kind: 'postgres',
      connectionString: url.href,
      schema: schema === undefined || schema === '' ? undefined : checkSchemaName(schema),
    };
  }

  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1];
  return invalid(
    scheme === undefined
      ? 'expected sqlite:PATH, sqlite::memory:, postgres://… or postgresql://…'
      : `unsupported scheme "${scheme}:" (expected sqlite: or postgres://)`,
  );
}
