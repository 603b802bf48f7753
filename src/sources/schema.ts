/**
 * sources.yaml: the scheduled sources `gleaner schedule` registers. One zod schema is
 * the whole contract; messages name the source and field so a typo is found at once.
 *
 *   sources:
 *     - id: example-feed
 *       kind: feed                 # feed (RSS/Atom) | sitemap (urlset, index, .xml.gz) | urls (a list)
 *       url: https://example.com/feed.xml
 *       every: 5m                  # or cron: "*\/15 * * * *" (exactly one of the two)
 *     - id: picks
 *       kind: urls
 *       file: ./picks.txt          # a URL list: file (relative to sources.yaml) or url
 *       cron: "0 * * * *"
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { GleanerError } from '../errors.js';
import { MAX_URL_LENGTH } from '../url.js';

/** "30s", "5m", "1h", "1d", "500ms" or a bare number of ms → ms. */
export function parseEvery(value: string | number): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(value);
  if (m === null) return null;
  const n = Number(m[1]);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 'ms') as 'ms'];
  const ms = Math.round(n * unit);
  return ms > 0 ? ms : null;
}

/** Five or six cron fields; BullMQ (cron-parser) checks the rest when the scheduler is upserted. */
const CRON = /^\s*\S+(\s+\S+){4,5}\s*$/;

/** Shortest interval: a source checked more often than this is a mistake (and a load on the site). */
export const MIN_EVERY_MS = 1000;

const httpUrl = z
  .string()
  .max(MAX_URL_LENGTH)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && u.username === '' && u.password === '';
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL without credentials');

export const SourceSchema = z
  .object({
    /** Stable name: the scheduler id and the key of the seen-URL memory. */
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'letters, digits, ".", "_" and "-" (up to 100), starting with a letter or digit'),
    kind: z.enum(['feed', 'sitemap', 'urls']),
    url: httpUrl.optional(),
    file: z.string().min(1).optional(),
    cron: z.string().regex(CRON, 'a cron pattern of 5 or 6 fields').optional(),
    every: z.union([z.string(), z.number()]).optional(),
    /** Optional IANA time zone for `cron`. */
    tz: z.string().min(1).optional(),
    /** BullMQ priority of the ingest jobs (1 is the highest); omitted = normal. */
    priority: z.number().int().min(1).max(2_097_152).optional(),
    /** At most this many URLs enqueued per run; the rest wait for the next run. */
    maxUrls: z.number().int().min(1).max(1_000_000).default(10_000),
    enabled: z.boolean().default(true),
  })
  .strict()
  .superRefine((s, ctx) => {
    if ((s.cron === undefined) === (s.every === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give exactly one of cron or every', path: ['cron'] });
    }
    if (s.every !== undefined) {
      const ms = parseEvery(s.every);
      if (ms === null) ctx.addIssue({ code: 'custom', message: 'every: milliseconds or a duration like "30s", "5m", "1h"', path: ['every'] });
      else if (ms < MIN_EVERY_MS) ctx.addIssue({ code: 'custom', message: `every: at least ${MIN_EVERY_MS} ms`, path: ['every'] });
    }
    if (s.tz !== undefined && s.cron === undefined) ctx.addIssue({ code: 'custom', message: 'tz applies to cron only', path: ['tz'] });
    if (s.kind === 'urls') {
      if ((s.url === undefined) === (s.file === undefined)) {
        ctx.addIssue({ code: 'custom', message: 'a urls source takes exactly one of url or file', path: ['url'] });
      }
    } else {
      if (s.url === undefined) ctx.addIssue({ code: 'custom', message: `a ${s.kind} source needs url`, path: ['url'] });
      if (s.file !== undefined) ctx.addIssue({ code: 'custom', message: `file is for urls sources only`, path: ['file'] });
    }
  });

export const SourcesFileSchema = z
  .object({
    sources: z.array(SourceSchema).max(10_000),
  })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.sources.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', message: `duplicate id "${s.id}"`, path: ['sources', i, 'id'] });
      seen.add(s.id);
    });
  });

export type SourceInput = z.input<typeof SourceSchema>;

/**
 * A source as the discover worker receives it (the job data): schedule resolved to
 * `everyMs` or `cron`, and `file` made absolute, since the worker may run elsewhere
 * (in docker-compose the file is mounted at the same path in both containers).
 */
export interface Source {
  id: string;
  kind: 'feed' | 'sitemap' | 'urls';
  url?: string;
  file?: string;
  cron?: string;
  tz?: string;
  everyMs?: number;
  priority?: number;
  maxUrls: number;
  enabled: boolean;
}

function describeIssues(error: z.ZodError, raw: unknown): string {
  return error.issues
    .map((issue) => {
      const [first, index, ...rest] = issue.path;
      if (first === 'sources' && typeof index === 'number') {
        const id = (raw as { sources?: Array<{ id?: unknown }> } | null)?.sources?.[index]?.id;
        const name = typeof id === 'string' ? `"${id}"` : `#${index + 1}`;
        return `source ${name}${rest.length ? ` ${rest.join('.')}` : ''}: ${issue.message}`;
      }
      return `${issue.path.join('.') || '(file)'}: ${issue.message}`;
    })
    .join('; ');
}

/** Parses sources.yaml text; `baseDir` resolves relative `file:` paths. Throws INVALID_INPUT naming each problem. */
export function parseSourcesYaml(text: string, baseDir: string): Source[] {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new GleanerError('INVALID_INPUT', `sources file is not valid YAML: ${(err as Error).message}`);
  }
  if (raw === null || raw === undefined) raw = { sources: [] };
  const parsed = SourcesFileSchema.safeParse(raw);
  if (!parsed.success) throw new GleanerError('INVALID_INPUT', `invalid sources file: ${describeIssues(parsed.error, raw)}`);
  return parsed.data.sources.map((s): Source => {
    const out: Source = { id: s.id, kind: s.kind, maxUrls: s.maxUrls, enabled: s.enabled };
    if (s.url !== undefined) out.url = s.url;
    if (s.file !== undefined) out.file = isAbsolute(s.file) ? s.file : resolve(baseDir, s.file);
    if (s.cron !== undefined) out.cron = s.cron.trim();
    if (s.tz !== undefined) out.tz = s.tz;
    if (s.every !== undefined) out.everyMs = parseEvery(s.every)!;
    if (s.priority !== undefined) out.priority = s.priority;
    return out;
  });
}

export async function loadSourcesFile(path: string): Promise<Source[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE';
    throw new GleanerError(code, `cannot read sources file ${path}: ${(err as Error).message}`);
  }
  return parseSourcesYaml(text, dirname(resolve(path)));
}
