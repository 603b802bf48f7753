/** Small I/O helpers shared by the commands: stdout lines, stdin, manifest lines. */
import { readFile } from 'node:fs/promises';

/** Writes one line to stdout and waits when the pipe is full (large NDJSON exports). */
export async function writeLine(line: string): Promise<void> {
  if (!process.stdout.write(line + '\n')) {
    await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
  }
}

export async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Reads a URL list: one URL per line; blank lines and `#` comments skipped. */
export async function readUrlList(path: string): Promise<string[]> {
  const text = path === '-' ? (await readStdin()).toString('utf8') : await readFile(path, 'utf8');
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
