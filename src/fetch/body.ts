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
  /**
   * The Content-Length header, when known. Only a hint: with no Content-Encoding, a
   * buffer of that size (up to PREALLOCATE_MAX) is filled as chunks arrive instead of
   * concatenating at the end; the caps above are enforced on the bytes actually received.
   */
  expectedBytes?: number;
}

/** Largest Content-Length buffer allocated before the bytes arrive. */
const PREALLOCATE_MAX = 1024 * 1024;

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
  const codings = parseContentEncoding(options.contentEncoding);
  // A stream that already ended or failed has no events left to wait for: the iterator path handles it.
  const plain = codings.length === 0 && !body.destroyed && !body.readableEnded && body.errored == null;
  if (idleMs === undefined || idleMs <= 0) {
    return plain ? readPlain(body, options, null) : readBodyUntimed(body, options, codings, noop);
  }
  const timer = setTimeout(stall, idleMs, body, idleMs);
  try {
    return await (plain ? readPlain(body, options, timer) : readBodyUntimed(body, options, codings, () => timer.refresh()));
  } finally {
    clearTimeout(timer);
  }
}

const noop = (): void => undefined;

function stall(body: Readable, idleMs: number): void {
  body.destroy(new GleanerError('BODY_TIMEOUT', `body stalled for more than ${idleMs} ms`));
}

function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/**
 * No Content-Encoding: 'data' events straight into one buffer (preallocated from
 * Content-Length when there is one), the way undici's own arrayBuffer() reads, without
 * an async iterator's promise per chunk or a second pass to concatenate. The listeners
 * are methods bound once per body rather than fresh closures.
 */
class PlainReader {
  private wireBytes = 0;
  /** Filled in place while the bytes fit; `chunks` takes over if more arrive than announced. */
  private filled: Buffer | null;
  private chunks: Buffer[] | null;
  private readonly onData = this.data.bind(this);
  private readonly onEnd = this.end.bind(this);
  private readonly onError = this.error.bind(this);
  private readonly onClose = this.close.bind(this);

  constructor(
    private readonly body: Readable,
    private readonly maxBytes: number,
    private readonly truncate: boolean,
    private readonly timer: NodeJS.Timeout | null,
    expected: number | undefined,
    private readonly resolve: (result: BodyBytes) => void,
    private readonly reject: (err: unknown) => void,
  ) {
    this.filled =
      expected !== undefined && Number.isInteger(expected) && expected > 0 && expected <= Math.min(maxBytes, PREALLOCATE_MAX)
        ? Buffer.allocUnsafe(expected)
        : null;
    this.chunks = this.filled === null ? [] : null;
    body.on('data', this.onData);
    body.on('end', this.onEnd);
    body.on('error', this.onError);
    body.on('close', this.onClose);
  }

  private collected(length: number): Buffer {
    const { chunks, filled } = this;
    if (chunks === null) return filled!.length === length ? filled! : filled!.subarray(0, length);
    return chunks.length === 1 && chunks[0]!.length === length ? chunks[0]! : Buffer.concat(chunks, length);
  }

  private detach(): void {
    this.body.off('data', this.onData);
    this.body.off('end', this.onEnd);
    this.body.off('error', this.onError);
    this.body.off('close', this.onClose);
  }

  private add(chunk: Buffer, offset: number): void {
    if (this.chunks === null) {
      const filled = this.filled!;
      if (offset + chunk.length <= filled.length) {
        filled.set(chunk, offset);
        return;
      }
      this.chunks = offset === 0 ? [] : [filled.subarray(0, offset)];
      this.filled = null;
    }
    this.chunks.push(chunk);
  }

  private data(chunk: Buffer): void {
    this.timer?.refresh();
    const offset = this.wireBytes;
    this.wireBytes += chunk.length;
    if (this.wireBytes > this.maxBytes) {
      this.detach();
      abandon(this.body);
      if (!this.truncate) {
        this.reject(tooLarge('body', this.maxBytes));
        return;
      }
      this.add(chunk.subarray(0, this.maxBytes - offset), offset);
      this.resolve({ bytes: this.collected(this.maxBytes), wireBytes: this.wireBytes });
      return;
    }
    this.add(chunk, offset);
  }

  private end(): void {
    this.detach();
    this.resolve({ bytes: this.collected(this.wireBytes), wireBytes: this.wireBytes });
  }

  private error(err: Error): void {
    this.detach();
    abandon(this.body);
    this.reject(err);
  }

  private close(): void {
    // Closed before 'end' without an 'error' of its own.
    this.detach();
    abandon(this.body);
    this.reject(this.body.errored ?? prematureClose());
  }
}

function readPlain(body: Readable, options: ReadBodyOptions, timer: NodeJS.Timeout | null): Promise<BodyBytes> {
  return new Promise<BodyBytes>((resolve, reject) => {
    new PlainReader(body, options.maxBytes, options.truncate === true, timer, options.expectedBytes, resolve, reject);
  });
}

async function readBodyUntimed(body: Readable, options: ReadBodyOptions, codings: string[], onChunk: () => void): Promise<BodyBytes> {
  const { maxBytes } = options;
  const truncate = options.truncate === true;
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
