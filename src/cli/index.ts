/**
 * The `gleaner` command line (DESIGN.md §2). Each command lives in its own module;
 * this file wires flags to them and turns coded errors into exit statuses.
 */
import { Command, CommanderError } from 'commander';
import { VERSION } from '../config.js';
import { GleanerError } from '../errors.js';
import { runExtractFile, runExtractManifest } from './extract.js';
import { registerQueueCommands } from './commands.js';
import { registerServeCommand } from './serve.js';
import { registerScheduleCommands } from './schedule.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('gleaner')
    .description('Ingest news articles: clean text, captions and structured embedded posts.')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();

  program
    .command('extract')
    .description('extract saved HTML offline and print the record(s) as JSON')
    .argument('[file]', 'saved HTML file, or - for stdin')
    .option('--url <url>', 'the URL the page was saved from (single-file mode)')
    .option('--manifest <file>', 'NDJSON file with one {"path","url"} per line; prints NDJSON')
    .option('--pretty', 'indent the JSON (single-file mode)')
    .action(async (file: string | undefined, opts: { url?: string; manifest?: string; pretty?: boolean }) => {
      if (opts.manifest !== undefined) {
        if (file !== undefined) throw new GleanerError('INVALID_INPUT', 'give either FILE --url URL or --manifest M, not both');
        process.exitCode = await runExtractManifest(opts.manifest);
        return;
      }
      if (file === undefined || opts.url === undefined) {
        throw new GleanerError('INVALID_INPUT', 'usage: gleaner extract FILE --url URL | gleaner extract --manifest M.ndjson');
      }
      process.exitCode = await runExtractFile(file, { url: opts.url, pretty: opts.pretty === true });
    });

  registerQueueCommands(program);
  registerServeCommand(program);
  registerScheduleCommands(program);
  return program;
}

/** Runs the CLI; resolves when the command is done (process.exitCode holds the status). */
export async function main(argv: string[]): Promise<void> {
  // `gleaner export | head`: the reader went away; stop quietly instead of an EPIPE stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors have been printed.
      process.exitCode = err.exitCode;
      return;
    }
    if (err instanceof GleanerError) {
      process.stderr.write(`gleaner: ${err.code}: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`gleaner: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  }
}
