/**
 * Reads a response body with a cap on wire bytes and, for gzip/deflate/br, a cap on
 * decompressed bytes enforced while streaming, so a bomb is stopped after at most
 * `maxBytes` of output instead of after inflating in memory.
 */
import { Transform, type TransformCallback, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { GleanerError } from '../errors.js';

export interface ReadBodyOptions {
  /** The Content-Encoding header (may list several codings). */
  contentEncoding: string | null;
  /** Cap on both compressed and decompressed bytes. */
  maxBytes: number;
  /** Keep the first `maxBytes` and stop instead of failing (robots.txt: RFC 9309 §2.5). */
  truncate?: boolean;
  /**
   * Longest silence between two chunks → BODY_TIMEOUT. undici's own bodyTimeout runs on
   * its coarse "fast timers" (about 0.5–1 s resolution), so a precise one is kept here;
   * undici's stays as a backstop.
   */
  idleTimeoutMs?: number;
}

export interface BodyBytes {
  /** The decoded (decompressed) body. */
  bytes: Buffer;
  /** Bytes received on the wire (compressed). */
  wireBytes: number;
}

function tooLarge(what: string, maxBytes: number): GleanerError {
  return new GleanerError('BODY_TOO_LARGE', `${what} exceeds ${maxBytes} bytes`);
}

/**
 * Stops reading a body. A bare destroy() makes undici emit an AbortError that nobody
 * listens to any more (an uncaught exception), so swallow it here.
 */
export function abandon(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** Codings in the order they must be undone (the header lists them in the order applied). */
export function parseContentEncoding(header: string | null): string[] {
  if (header == null) return [];
  return header
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity')
    .reverse();
}

/**
 * "deflate" in HTTP means zlib-wrapped, but some servers send raw deflate. Decide on
 * the first chunk: a zlib header has CM=8 and a header checksum divisible by 31.
 */
class AutoInflate extends Transform {
  private inner: zlib.Inflate | zlib.InflateRaw | null = null;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.inner === null) {
      const b0 = chunk[0] ?? 0;
      const b1 = chunk[1] ?? 0;
      const wrapped = (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0;
      this.inner = wrapped ? zlib.createInflate() : zlib.createInflateRaw();
      this.inner.on('data', (out: Buffer) => this.push(out));
      this.inner.on('error', (err) => this.destroy(err));
    }
    this.inner.write(chunk, () => done());
  }

  override _flush(done: TransformCallback): void {
    if (this.inner === null) return done();
    this.inner.once('end', () => done());
    this.inner.end();
  }

  override _destroy(err: Error | null, done: (error: Error | null) => void): void {
    this.inner?.destroy();
    done(err);
  }
}

function decoderFor(coding: string): Transform {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      // Some servers concatenate gzip members; Node's gunzip handles that.
      return zlib.createGunzip();
    case 'deflate':
      return new AutoInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      throw new GleanerError('NOT_HTML', `unsupported Content-Encoding "${coding}"`);
  }
}

/** Reads the whole body. The body stream is destroyed on any failure. */
/** Thrown inside the pipeline to stop reading once a truncating read has enough. */
class Enough extends Error {}

export async function readBody(body: Readable, options: ReadBodyOptions): Promise<BodyBytes> {
  const idleMs = options.idleTimeoutMs;
  if (idleMs === undefined || idleMs <= 0) return readBodyUntimed(body, options, () => undefined);
  const timer = setTimeout(() => {
    body.destroy(new GleanerError('BODY_TIMEOUT', `body stalled for more than ${idleMs} ms`));
  }, idleMs);
  try {
    return await readBodyUntimed(body, options, () => timer.refresh());
  } finally {
    clearTimeout(timer);
  }
}

async function readBodyUntimed(body: Readable, options: ReadBodyOptions, onChunk: () => void): Promise<BodyBytes> {
  const { maxBytes } = options;
  const truncate = options.truncate === true;
  const codings = parseContentEncoding(options.contentEncoding);
  const chunks: Buffer[] = [];
  let wireBytes = 0;

  if (codings.length === 0) {
    // The common case: a plain loop over the stream is as fast as arrayBuffer().
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        onChunk();
        wireBytes += chunk.length;
        if (wireBytes > maxBytes) {
          if (!truncate) throw tooLarge('body', maxBytes);
          chunks.push(chunk.subarray(0, chunk.length - (wireBytes - maxBytes)));
          abandon(body);
          return { bytes: Buffer.concat(chunks, maxBytes), wireBytes };
        }
        chunks.push(chunk);
      }
    } catch (err) {
      abandon(body);
      throw err;
    }
    return { bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, wireBytes), wireBytes };
  }

  let decoders: Transform[];
  try {
    decoders = codings.map(decoderFor);
  } catch (err) {
    abandon(body);
    throw err;
  }
  let decodedBytes = 0;
  try {
    // Spread stages defeat pipeline()'s overloads; the stages are checked by hand above.
    await (pipeline as unknown as (...stages: unknown[]) => Promise<void>)(
      body,
      async function* countWire(source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          onChunk();
          wireBytes += chunk.length;
          if (wireBytes > maxBytes) {
            if (truncate) throw new Enough();
            throw tooLarge('compressed body', maxBytes);
          }
          yield chunk;
        }
      },
      ...decoders,
      async function collect(source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          decodedBytes += chunk.length;
          if (decodedBytes > maxBytes) {
            if (!truncate) throw tooLarge('decompressed body', maxBytes);
            chunks.push(chunk.subarray(0, chunk.length - (decodedBytes - maxBytes)));
            decodedBytes = maxBytes;
            throw new Enough();
          }
          chunks.push(chunk);
        }
      },
    );
  } catch (err) {
    abandon(body);
    if (err instanceof Enough) return { bytes: Buffer.concat(chunks), wireBytes };
    if (err instanceof GleanerError) throw err;
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      // A truncated or corrupt compressed body: the server (or the connection) broke it.
      throw new GleanerError('HTTP_SERVER_ERROR', `invalid ${codings.join('+')} body: ${(err as Error).message}`, { cause: err });
    }
    if (typeof code === 'string' && code.startsWith('ERR_BROTLI')) {
      throw new GleanerError('HTTP_SERVER_ERROR', `invalid br body: ${(err as Error).message}`, { cause: err });
    }
    throw err;
  }
  return { bytes: Buffer.concat(chunks, decodedBytes), wireBytes };
}
