/**
 * Content checks and charset decoding. Bytes are decoded exactly once, with the
 * WHATWG order: BOM → transport (HTTP header) charset → <meta> prescan → default.
 * Legacy encodings go through whatwg-encoding/iconv-lite because Node 20's
 * TextDecoder('windows-1252') maps 0x80–0x9F to C1 controls instead of € “ ” etc.
 */
import sniffEncoding from 'html-encoding-sniffer';
import { decode as whatwgDecode, labelToName } from 'whatwg-encoding';

export interface ParsedContentType {
  /** Lower-case essence, e.g. "text/html". */
  mime: string;
  /** The raw charset parameter, unquoted, or null. */
  charset: string | null;
}

export function parseContentType(header: string | null | undefined): ParsedContentType | null {
  if (header == null) return null;
  const semi = header.indexOf(';');
  const mime = (semi === -1 ? header : header.slice(0, semi)).trim().toLowerCase();
  if (mime === '') return null;
  let charset: string | null = null;
  let at = semi;
  while (at !== -1) {
    const next = header.indexOf(';', at + 1);
    const param = next === -1 ? header.slice(at + 1) : header.slice(at + 1, next);
    at = next;
    const eq = param.indexOf('=');
    if (eq === -1) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    let value = param.slice(eq + 1).trim();
    if (value.startsWith('"')) value = value.replace(/^"(.*)"$/, '$1');
    charset = value.trim() || null;
    break;
  }
  return { mime, charset };
}

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

export function isHtmlMime(mime: string): boolean {
  return HTML_TYPES.has(mime);
}

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/**
 * Decodes HTML bytes. `defaultEncoding` is windows-1252 for documents from HTTP (the
 * HTML standard's default for most locales); callers decoding local files that are
 * known to be UTF-8 pass 'UTF-8'.
 */
const LATE_META_WINDOW = 16 * 1024;
const META_CHARSET = /<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)/i;

/**
 * The standard prescan reads 1,024 bytes; pages with a big injected head (archive
 * toolbars, inline styles) declare their charset later. Browsers then re-decode when
 * the parser meets the <meta>; this looks a little further ahead to the same effect.
 */
function lateMetaCharset(bytes: Uint8Array): string | null {
  if (bytes.length <= 1024) return null;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, LATE_META_WINDOW)).toString('latin1');
  const match = META_CHARSET.exec(head);
  if (match === null) return null;
  const name = labelToName(match[1]!);
  // A late <meta> saying UTF-16 describes a document that was transcoded: ignore it, as the prescan does.
  return name === null || /^UTF-16/i.test(name) ? null : name;
}

/** The WHATWG Encoding Standard's labels for UTF-8 (matched case-insensitively). */
const UTF8_LABELS = new Set(['unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'utf-8', 'utf8', 'x-unicode20utf8']);

/**
 * The sniffer's answer without running it, for the common case: the header names UTF-8
 * and no UTF-16 BOM overrides it (a UTF-8 BOM says UTF-8 too). Null: ask the sniffer.
 */
function headerUtf8(bytes: Uint8Array, headerLabel: string | undefined): 'UTF-8' | null {
  if (headerLabel === undefined || !UTF8_LABELS.has(headerLabel.toLowerCase())) return null;
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (bytes.length >= 2 && ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff))) return null;
  return 'UTF-8';
}

export function decodeHtml(
  bytes: Uint8Array,
  opts: { contentType?: string | null; defaultEncoding?: string } = {},
): { html: string; charset: string } {
  return decodeHtmlLabelled(bytes, parseContentType(opts.contentType)?.charset ?? undefined, opts.defaultEncoding);
}

/** decodeHtml for a caller that already parsed Content-Type: `headerLabel` is its charset parameter. */
export function decodeHtmlLabelled(
  bytes: Uint8Array,
  headerLabel: string | undefined,
  defaultLabel = 'windows-1252',
): { html: string; charset: string } {
  let charset: string | null = headerUtf8(bytes, headerLabel);
  if (charset === null) {
    const defaultEncoding = labelToName(defaultLabel) ?? 'windows-1252';
    charset = sniffEncoding(bytes, { transportLayerEncodingLabel: headerLabel, defaultEncoding }) as string;
    if (headerLabel === undefined && charset === defaultEncoding) charset = lateMetaCharset(bytes) ?? charset;
  }
  if (charset === 'UTF-8') {
    // TextDecoder handles UTF-8 correctly (replacement characters, BOM) and is the fastest path.
    return { html: utf8.decode(bytes), charset };
  }
  if (charset === 'replacement') {
    // Encodings the standard disables (ISO-2022-KR, HZ-GB-2312 ...) are an XSS vector: the
    // standard decodes them to a single U+FFFD.
    return { html: bytes.length === 0 ? '' : '\uFFFD', charset };
  }
  try {
    return { html: whatwgDecode(bytes, charset), charset };
  } catch {
    // iconv-lite has no decoder for a few standard encodings (ISO-2022-JP, x-mac-cyrillic):
    // Node's own TextDecoder (full ICU) has them. Only when neither can, fall back rather
    // than fail the page.
    const native = decodeWithTextDecoder(bytes, charset);
    if (native !== null) return { html: native, charset };
    charset = 'windows-1252';
    return { html: whatwgDecode(bytes, charset), charset };
  }
}

function decodeWithTextDecoder(bytes: Uint8Array, charset: string): string | null {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return null; // an encoding this Node build does not know
  }
}

/** Magic numbers of formats servers commonly mislabel as text/html. */
const MAGIC: ReadonlyArray<readonly number[]> = [
  [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0x47, 0x49, 0x46, 0x38], // GIF8
  [0xff, 0xd8, 0xff], // JPEG
  [0x50, 0x4b, 0x03, 0x04], // ZIP, docx, epub
  [0x1f, 0x8b], // gzip (a body compressed twice or served raw)
  [0x52, 0x49, 0x46, 0x46], // RIFF (webp, wav)
  [0x00, 0x00, 0x01, 0x00], // ICO
];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  if (bytes.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic[i]) return false;
  return true;
}

/**
 * True when the first KB looks binary: a known magic number, or a "binary data byte"
 * from the WHATWG MIME sniffing standard (0x00–0x08, 0x0B, 0x0E–0x1A, 0x1C–0x1F;
 * ESC 0x1B is allowed because ISO-2022-JP uses it). UTF-16 text has NULs, so a UTF-16
 * BOM or label skips the byte check.
 */
export function looksBinary(bytes: Uint8Array, declaredCharset?: string | null): boolean {
  for (const magic of MAGIC) {
    if (startsWith(bytes, magic)) return true;
  }
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xfe && b1 === 0xff) || (b0 === 0xff && b1 === 0xfe)) return false;
  if (declaredCharset != null && /^utf-?16/i.test(declaredCharset.trim())) return false;
  const end = Math.min(bytes.length, 1024);
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b < 0x20 && (b <= 0x08 || b === 0x0b || (b >= 0x0e && b <= 0x1a) || b >= 0x1c)) return true;
  }
  return false;
}

/** For a response without Content-Type: does the start look like markup? */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  const end = Math.min(bytes.length, 1024);
  while (i < end && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x0c)) i++;
  return bytes[i] === 0x3c; // '<'
}
